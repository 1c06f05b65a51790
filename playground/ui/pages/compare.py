"""The compare page's pieces: two playgrounds trained in step, their settings and their result.

The comparison (`CompareSetup`: a shared base and what each side changes) lives in
`st.session_state["compare:setup"]`, and each side is an ordinary `LiveState` under its own key
(`live:compare-a`, `live:compare-b`), so the live views are the playground's own. The widgets are
controlled: before each is drawn it is given the setup's value, and its callback turns a change
into a new setup (or a warning, keeping the old one). Any change of a setting rebuilds both sides
from epoch 0 — a comparison is only fair from the same start — while play state and view options
stay. The two live views train in step as one `LivePair` (`live/pair.py`); the overlaid loss
curves and the sentence about the difference refresh once a second in their own fragments while
playing (Plotly redraws the whole chart on each update). Messages that come and go sit in a
container that is always drawn, so the views below keep their place in the page and are never
mounted again.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import streamlit as st

from playground.config import ConfigError
from playground.experiments.comparison import (
    SIDES,
    CompareSetup,
    comparison,
    comparisons,
    from_query_params,
    to_query_params,
)
from playground.live.pair import LivePair, same_data
from playground.live.session import ViewOptions, new_state
from playground.live.url import view_from_params, view_query_params
from playground.ui.widgets.compare_form import (
    read_widget,
    shared_form,
    side_form,
    side_summary,
    widget_key,
)
from playground.ui.widgets.live_pair import STATE_KEYS, pair
from playground.ui.widgets.play_controls import ControlTexts, play_controls
from playground.ui.workarounds.buttons import once_button
from playground.ui.workarounds.session_lock import serialized
from playground.viz.compare_figures import compare_loss_figure, difference_sentence, side_curves

SETUP_KEY = "compare:setup"
WARNINGS_KEY = "compare:warnings"
NOTICE_KEY = "compare:notice"
CURVES_KEY = "compare:curves"  # (time, curves) last read for the sentence and the chart
DEFAULT_COMPARISON = "dropout-vs-none"
RESULT_PERIOD = 1.0  # seconds between updates of the sentence and the overlaid loss chart


# --- session state ------------------------------------------------------------------------------
def setup() -> CompareSetup:
    return st.session_state[SETUP_KEY]


def init_session() -> None:
    """Make this session's comparison on its first visit: from the URL, or the default one."""
    if SETUP_KEY in st.session_state:
        return
    params = st.query_params.to_dict()
    view, warnings = view_from_params(params)
    if set(params) - {"speed", "show_test", "discretize"}:
        new_setup, setup_warnings = from_query_params(params)
        warnings = setup_warnings + warnings
    else:
        new_setup = comparison(DEFAULT_COMPARISON).setup
    st.session_state[WARNINGS_KEY] = warnings
    for side in SIDES:
        st.session_state[STATE_KEYS[side]] = new_state(new_setup.config(side), ViewOptions())
    install(new_setup)
    for state in pair().sides:
        state.view = ViewOptions(
            show_test=view.show_test, discretize=view.discretize, speed=view.speed
        )


def install(new_setup: CompareSetup) -> None:
    """Make `new_setup` the comparison: both sides rebuilt from epoch 0 on the same data."""
    st.session_state[SETUP_KEY] = new_setup
    st.session_state[NOTICE_KEY] = ""
    a, b = pair().sides
    for state, side in ((a, "a"), (b, "b")):
        state.rebuild(new_setup.config(side))
    assert same_data(a.trainer, b.trainer), "both sides of a comparison must share their data"


def sync_url() -> None:
    """Keep the URL showing the comparison and the view options (a link to share)."""
    view = pair().sides[0].view
    params = to_query_params(setup()) | view_query_params(view)
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


# --- callbacks ----------------------------------------------------------------------------------
def change_setting(side: str | None, field: str, value) -> None:
    """Apply one changed setting (side None: the shared base); a bad value leaves a notice."""
    try:
        current = setup()
        if side is None:
            new_setup = current.with_base(field, value)
        else:
            new_setup = current.with_override(side, field, value)
    except (ConfigError, ValueError) as error:
        st.session_state[NOTICE_KEY] = f"That setting could not be used ({error}); kept as it was."
        return
    if new_setup != current:
        install(new_setup)


@serialized
def _widget_changed(side: str | None, name: str) -> None:
    try:
        value = read_widget(side, name)
    except (ValueError, TypeError) as error:
        st.session_state[NOTICE_KEY] = f"That setting could not be used ({error}); kept as it was."
        return
    change_setting(side, name, value)


@serialized
def _pick_comparison() -> None:
    name = st.session_state["compare:preset"]
    if name is not None:
        for state in pair().sides:
            state.playing = False
        install(comparison(name).setup)


@serialized
def _use_base(side: str) -> None:
    current = setup()
    overrides = {s: ({} if s == side else dict(o)) for s, o in current.overrides.items()}
    install(CompareSetup(current.base, overrides, {"a": "A", "b": "B"}))


def reset_both() -> None:
    both_sides().reset()


def both_sides() -> LivePair:
    """The comparison as one live session; its Reset also clears a setting's notice."""
    both = pair()
    both.after_reset = lambda: st.session_state.update({NOTICE_KEY: ""})
    return both


@serialized
def _view_changed(name: str) -> None:
    pair().set_view(name, st.session_state[widget_key(None, name)])


def _dismiss_warnings() -> None:
    st.session_state[WARNINGS_KEY] = []


# --- page pieces --------------------------------------------------------------------------------
def comparison_picker() -> None:
    """The ready-made comparisons, and the description of the chosen one."""
    current = setup()
    st.session_state["compare:preset"] = current.preset
    options = [item.name for item in comparisons()]
    titles = {item.name: item.title for item in comparisons()}
    st.selectbox(
        "Ready-made comparison",
        options,
        index=None,
        key="compare:preset",
        format_func=titles.get,
        placeholder="Your own comparison: change the settings below",
        on_change=_pick_comparison,
        help="Load a classic contrast (and its data) for both sides; you can change it after.",
    )
    with st.container():  # always there, so the views below keep their place (and canvases)
        if current.preset:
            st.caption(comparison(current.preset).description)


COMPARE_TEXTS = ControlTexts(
    play="Train both sides at once, epoch for epoch.",
    step="Pause and train both one epoch.",
    reset="Both sides start again from their initial weights (same seed, same data).",
    speed="Slow: 10 epochs/s; normal: 100 epochs/s; fast: as many as the machine can train "
    "(the slower side sets the pace).",
)


def training_bar() -> None:
    """One Play/Pause, Step and Reset for both sides, the speed and the view options."""
    both = both_sides()
    for name in ("speed", "show_test", "discretize"):
        st.session_state[widget_key(None, name)] = getattr(both.view, name)
    columns = st.columns([1.1, 0.9, 1.0, 2.3, 1.7, 1.7], vertical_alignment="bottom")
    play_controls(columns[:4], "compare", both, COMPARE_TEXTS, play_width="stretch")
    columns[4].toggle(
        "Show test data",
        key=widget_key(None, "show_test"),
        on_change=_view_changed,
        args=("show_test",),
        help="Draw the test points (black outline) beside the training points.",
    )
    columns[5].toggle(
        "Discretize output",
        key=widget_key(None, "discretize"),
        on_change=_view_changed,
        args=("discretize",),
        help="Colour each region by the predicted class instead of the confidence.",
    )


def messages() -> None:
    """URL warnings, a rejected setting, and which side diverged (with a reset).

    All inside one container that is always drawn: when a message comes or goes, the elements
    below keep their place in the page, so the live views are not mounted again (a blank flash).
    """
    with st.container():
        _messages()


def _messages() -> None:
    warnings = st.session_state.get(WARNINGS_KEY, [])
    for warning in warnings:
        st.warning(warning, icon=":material/link_off:")
    if warnings:
        st.button("Dismiss", key="compare:dismiss_warnings", on_click=_dismiss_warnings)
    if st.session_state.get(NOTICE_KEY):
        st.warning(st.session_state[NOTICE_KEY], icon=":material/block:")
    current = setup()
    for side, state in zip(SIDES, pair().sides, strict=True):
        if state.trainer.diverged:
            st.error(
                f"**{side_name(current, side)} diverged, so both sides are paused.** "
                f"{state.trainer.divergence}",
                icon=":material/warning:",
            )
    if any(state.trainer.diverged for state in pair().sides):
        once_button(st, "compare:reset_after_divergence", "Reset both and try again", reset_both,
                    type="primary")  # fmt: skip


def side_name(current: CompareSetup, side: str) -> str:
    """ "A" or "A (No dropout)"."""
    label = current.labels[side]
    return side.upper() if label == side.upper() else f"{side.upper()} ({label})"


def settings_row() -> None:
    """Per side: its name, what it trains with (what differs in bold), its settings form."""
    current = setup()
    for side, column in zip(SIDES, st.columns(2, gap="medium"), strict=True):
        with column:
            label = current.labels[side]
            title = f"**{side.upper()}**" + ("" if label == side.upper() else f" · {label}")
            st.markdown(f"#### {title}")
            st.markdown(side_summary(current, side))
            with st.expander(f"Settings of {side.upper()}", icon=":material/tune:"):
                side_form(current, side, _widget_changed)
                st.button(
                    "Same as the shared settings",
                    key=f"compare-{side}:use_base",
                    on_click=_use_base,
                    args=(side,),
                    disabled=not current.overrides[side],
                    help="Drop everything this side changes.",
                )


def sidebar_form() -> None:
    """The sidebar: the data both sides share, and the settings they start from."""
    shared_form(setup(), _widget_changed)


# --- the result: the sentence and the overlaid curves -------------------------------------------
def _curves() -> list:
    """Both sides' loss curves, shared by the sentence and the chart within half a refresh, so
    the two always tell the same story (they refresh in separate fragments)."""
    taken, snapshot = st.session_state.get(CURVES_KEY, (0.0, None))
    fresh = time.monotonic() - taken < RESULT_PERIOD / 2
    if snapshot is not None and fresh and _playing():
        return snapshot
    current = setup()
    labels = {
        side: "" if label == side.upper() else label for side, label in current.labels.items()
    }
    snapshot = [
        side_curves(side.upper(), state.trainer, labels[side])
        for side, state in zip(SIDES, pair().sides, strict=True)
    ]
    st.session_state[CURVES_KEY] = (time.monotonic(), snapshot)
    return snapshot


def _sentence() -> None:
    st.markdown(f"**{difference_sentence(*_curves())}**", help=THRESHOLD_HELP)


def _chart() -> None:
    log_y = st.session_state.get("compare:log_y", False)
    figure = compare_loss_figure(_curves(), log_y=log_y)
    st.plotly_chart(figure, key="compare:loss_chart", config={"displayModeBar": False})


THRESHOLD_HELP = (
    "The level is 1.2 × the lower of the two final test losses, rounded to two significant "
    "figures and at least 0.01: the better side always gets there, the question is when — and "
    "whether the other side does at all."
)
_sentence_live = st.fragment(run_every=RESULT_PERIOD)(serialized(_sentence))
_chart_live = st.fragment(run_every=RESULT_PERIOD)(serialized(_chart))
_sentence_still = st.fragment(serialized(_sentence))
_chart_still = st.fragment(serialized(_chart))


def _playing() -> bool:
    return pair().running


def _live(live: Callable[[], None], still: Callable[[], None]) -> None:
    (live if _playing() else still)()


def result_sentence() -> None:
    """The difference in one sentence, refreshed once a second while playing."""
    _live(_sentence_live, _sentence_still)


def result_chart() -> None:
    """The four loss curves overlaid, refreshed once a second while playing."""
    _live(_chart_live, _chart_still)
    st.toggle("Logarithmic loss axis", key="compare:log_y", help="Show small losses apart.")
