"""A live session as URL query parameters and back: the config, the view options, the warnings.

The config's fields travel as the settings table says (`PlaygroundConfig.to_query_params`), the
view options as `show_test`, `discretize` and `speed`; a parameter that cannot be used is
dropped with a warning that says why, naming the closest known parameter when it is a typo.
Nothing here imports Streamlit.
"""

from __future__ import annotations

import difflib

from playground.config import FIELD_NAMES, PlaygroundConfig
from playground.data import DATASET_PROBLEM
from playground.live.session import SPEEDS, LiveState, ViewOptions, new_state

VIEW_PARAMS = ("show_test", "discretize", "speed")


def state_from_url(params: dict[str, str]) -> LiveState:
    """A state from URL query parameters, remembering a warning for each one it had to ignore."""
    config, warnings = PlaygroundConfig.from_query_params(params)
    if config.dataset not in DATASET_PROBLEM:  # digits or custom: not generated 2-D points
        reason = (
            "uploaded or drawn points cannot travel in a link (download them as CSV to share)"
            if config.is_custom
            else "it has its own page, not this playground of 2-D points"
        )
        warnings.append(f"URL parameter 'dataset={config.dataset}' ignored: {reason}")
        config = config.replace(dataset="circle", problem=None, loss=None, n_samples=None)
    view, view_warnings = view_from_params(params)
    state = new_state(config, view)
    state.warnings = warnings + view_warnings
    return state


def known_params(*page_params: str) -> tuple[str, ...]:
    """The URL parameters a playground reads: the config's fields, the view options, and the
    page's own."""
    return (*FIELD_NAMES, *VIEW_PARAMS, *page_params)


def unknown_param_warnings(params: dict[str, str], known: tuple[str, ...]) -> list[str]:
    """A warning for every parameter that is none of `known`, naming the closest known one."""
    warnings = []
    for name in sorted(set(params) - set(known)):
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"did you mean '{close[0]}'?" if close else "the playground has no such setting"
        warnings.append(f"URL parameter '{name}={params[name]}' ignored: {hint}")
    return warnings


def view_from_params(params: dict[str, str]) -> tuple[ViewOptions, list[str]]:
    view, warnings = ViewOptions(), []
    for name in ("show_test", "discretize"):
        if name in params:
            value = params[name].strip().lower()
            if value in ("1", "true", "0", "false"):
                setattr(view, name, value in ("1", "true"))
            else:
                warnings.append(f"URL parameter '{name}={params[name]}' ignored: expected 1 or 0")
    if "speed" in params:
        if params["speed"] in SPEEDS:
            view.speed = params["speed"]
        else:
            warnings.append(
                f"URL parameter 'speed={params['speed']}' ignored: "
                f"expected one of {', '.join(SPEEDS)}"
            )
    return view, warnings


def query_params(state: LiveState) -> dict[str, str]:
    """The state as URL query parameters: the config's non-default fields and the view options."""
    return state.config.to_query_params() | view_query_params(state.view)


def view_query_params(view: ViewOptions) -> dict[str, str]:
    """The view options that differ from the defaults."""
    params, defaults = {}, ViewOptions()
    for name in ("show_test", "discretize"):
        if getattr(view, name) != getattr(defaults, name):
            params[name] = "1" if getattr(view, name) else "0"
    if view.speed != defaults.speed:
        params["speed"] = view.speed
    return params
