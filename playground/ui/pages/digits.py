"""The digits page: train a small network on 8 × 8 handwritten digits, live, and look inside it.

The page is one digits view (`widgets.digits_view`, which lesson 10 embeds too) with its network
controls in the sidebar: hidden layers, activation, optimizer, learning rate, batch size, an L2
weight penalty and the seed; Play, Step, Reset, a speed and the epoch to stop at; the learning
curves, the first layer's weights as images, the confusion matrix and the misclassified test
images. The model lives in this session's `st.session_state["digits:state"]` in a `LiveState`,
made on the first visit from the URL (when it says `dataset=digits`: the sweep page opens cells
that way) or from lesson 10's preset, and the URL follows the settings so the page can be shared.
"""

from __future__ import annotations

import streamlit as st

from playground.config import ConfigError, PlaygroundConfig
from playground.experiments.presets import PresetError, load_preset
from playground.live.session import LiveState
from playground.ui.widgets.digits_view import DIGITS_PAGE, digits_view, new_digits_state
from playground.ui.workarounds.errors import guarded

STATE = DIGITS_PAGE.state  # "digits:state": the sweep page opens a cell here by clearing it
PRESET = "lesson-10-deep-features"


def default_config() -> PlaygroundConfig:
    """Lesson 10's network on the digits (the defaults if the preset cannot be read)."""
    try:
        config = load_preset(PRESET).config
    except PresetError:
        config = PlaygroundConfig(hidden_layers=(16,), optimizer="adam", learning_rate=0.01)
    return digits_config(config)


def digits_config(config: PlaygroundConfig) -> PlaygroundConfig:
    """The same settings with the digits as data (problem and loss follow from the dataset)."""
    return config.replace(dataset="digits", problem=None, loss=None, n_samples=None)


def config_from_url(params: dict[str, str]) -> tuple[PlaygroundConfig, list[str]]:
    """The config of a URL with `dataset=digits` (the sweep page opens cells that way), with a
    warning for each parameter that could not be used; lesson 10's otherwise."""
    if params.get("dataset") != "digits":
        return default_config(), []
    base = default_config().to_query_params()
    config, warnings = PlaygroundConfig.from_query_params({**base, **params})
    try:
        return digits_config(config), warnings
    except ConfigError as error:
        return default_config(), [*warnings, f"URL settings ignored: {error}"]


def sync_url(config: PlaygroundConfig) -> None:
    """Keep the URL's query parameters equal to the config, so the page can be shared."""
    params = config.to_query_params()
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


def session_state() -> LiveState:
    if STATE not in st.session_state:
        config, warnings = config_from_url(st.query_params.to_dict())
        st.session_state[STATE] = new_digits_state(config, warnings=warnings)
    return st.session_state[STATE]


# --- the page ---------------------------------------------------------------------------------
INTRO = (
    "1,797 handwritten digits from scikit-learn, each 8 × 8 pixels: 64 numbers in, one of ten "
    "digits out. Press **Play** and watch the network learn to read them — and what its first "
    "layer learns to look for."
)


@guarded("Press Reset to start again.")
def main() -> None:
    state = session_state()
    st.title("Handwritten digits")
    st.caption(INTRO)
    digits_view(DIGITS_PAGE, state)
    sync_url(state.config)
