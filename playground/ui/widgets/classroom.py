"""Classroom mode: hide controls and panels, enlarge everything, and share the page that way.

A teacher picks what students should not touch (any control) or see (a panel) and whether to
present (larger type and figures); the choice lives in the URL (`hide=…&presenter=1`), so the
link opens the page just so. Hiding is done with CSS on the widgets' key classes: a hidden
control keeps its value (from the link or the preset), it is only out of sight and out of reach.
"""

from __future__ import annotations

import re

import streamlit as st

from playground.settings import SETTINGS

# Every config field's control (from the settings table; the dataset picker is "datasets"),
# and the page's own controls.
CONTROLS = {
    **{{"dataset": "datasets"}.get(name, name): row.label for name, row in SETTINGS.items()},
    "speed": "Speed", "regenerate": "Regenerate", "show_test": "Show test data",
    "discretize": "Discretize output", "step": "Step button", "reset": "Reset button",
}  # fmt: skip
PANELS = {
    "sidebar": "The whole sidebar",
    "insights": "Look-inside views",
    "own_data": "Your data (upload, draw)",
    "download": "Downloads",
    "caption": "Explanation under the view",
}
# The two "hide" pickers: what they offer, their label, key suffix and help.
HIDE_CHOICES = (
    (CONTROLS, "Hide controls", "hide_c", "These controls disappear; their values stay as set."),
    (PANELS, "Hide panels", "hide_p", "These parts of the page disappear."),
)
ALIASES = {"n_layers": "hidden_layers", "units": "hidden_layers", "dataset": "datasets"}


def css_class(key: str) -> str:
    """The CSS class Streamlit gives an element with this key."""
    return "st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())


def parse_hidden(text: str) -> tuple[set[str], list[str]]:
    """Names from a `hide=` value, and a warning for each unknown one."""
    names, warnings = set(), []
    for raw in filter(None, (part.strip() for part in text.split(","))):
        name = ALIASES.get(raw, raw)
        if name in CONTROLS or name in PANELS:
            names.add(name)
        else:
            warnings.append(f"URL parameter 'hide' names '{raw}', which is not a control or panel")
    return names, warnings


def apply_classroom(key: str, hidden: set[str], presenter: bool) -> None:
    """Inject the styles that hide `hidden` and, for presenting, enlarge the page."""
    rules = [f".{css_class(f'{key}:{name}')} {{ display: none !important; }}" for name in hidden]
    if "sidebar" in hidden:
        rules.append(
            'section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],'
            ' [data-testid="stExpandSidebarButton"] { display: none !important; }'
        )
    if presenter:
        rules.append("html { font-size: 20px; } .stMainBlockContainer { max-width: 100%; }")
    if rules:
        st.html("<style>" + "\n".join(rules) + "</style>")


def classroom_panel(key: str, hidden: set[str], presenter: bool) -> tuple[set[str], bool]:
    """Sidebar expander where a teacher chooses what to hide; returns the new choice."""
    with st.expander("Classroom mode", icon=":material/school:"):
        st.caption(
            "Hide what students should not change or see, then share the page's address: "
            "the link opens the page this way. Remove `hide=` from it to see everything."
        )
        chosen: set[str] = set()
        for names, label, suffix, help_text in HIDE_CHOICES:
            chosen |= set(
                st.multiselect(
                    label,
                    list(names),
                    format_func=names.get,
                    default=sorted(hidden & set(names)),
                    key=f"{key}:{suffix}",
                    help=help_text,
                )
            )
        presenting = st.toggle(
            "Presenter mode (larger)",
            value=presenter,
            key=f"{key}:presenter",
            help="Larger type and figures for a projector.",
        )
    return chosen, presenting


def query_params(hidden: set[str], presenter: bool) -> dict[str, str]:
    params = {"hide": ",".join(sorted(hidden))} if hidden else {}
    if presenter:
        params["presenter"] = "1"
    return params
