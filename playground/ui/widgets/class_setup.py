"""The teacher's challenge form: which setup, what students may change, the limits, the score.

The setup comes from the teacher's own playground (as it is now), from a preset, or is the
default one; the form then says which controls are locked (the data and the seed always are,
so everyone learns the same points), the limits (hidden neurons, hidden layers, input features,
the epochs the server trains each submission for) and the score. It is an `st.form`, so nothing
reruns while the teacher fills it in; a challenge that cannot work is refused with the store's
own message (`ChallengeError`).
"""

from __future__ import annotations

import streamlit as st

from playground.classroom import SCORE_KINDS, Challenge, ChallengeError
from playground.classroom.challenge import (
    ALWAYS_LOCKED,
    DEFAULT_EPOCH_BUDGET,
    MAX_EPOCH_BUDGET,
    MAX_NEURONS,
    MAX_TITLE_LENGTH,
)
from playground.config import PlaygroundConfig
from playground.data.features import FEATURE_LABELS, FEATURES
from playground.experiments.presets import list_presets
from playground.settings import DATASET_TITLES, MAX_LAYERS, SETTINGS, format_layers

PLAYGROUND_STATE = "live:main"  # the state of the playground page's view "main" (views/)
CURRENT = "The playground's current setup"
LOCKABLE = tuple(name for name in SETTINGS if name not in ALWAYS_LOCKED)


def setup_sources() -> dict[str, PlaygroundConfig]:
    """Where a challenge's setup can come from, by the name the form shows."""
    sources: dict[str, PlaygroundConfig] = {}
    state = st.session_state.get(PLAYGROUND_STATE)
    if state is not None and not state.config.is_custom:
        sources[CURRENT] = state.config
    default = PlaygroundConfig()
    layers = format_layers(default.hidden_layers)
    sources[f"The default setup ({DATASET_TITLES[default.dataset]}, {layers})"] = default
    for preset in list_presets():
        if preset.data is None:  # the digits are not points in the plane
            sources[f"Preset: {preset.title}"] = preset.config
    return sources


def challenge_form(key: str, current: Challenge | None = None) -> Challenge | None:
    """The form; the challenge it describes once submitted and valid, else None."""
    sources = setup_sources()
    with st.form(key=f"{key}:form", border=True):
        title = st.text_input(
            "Challenge", value=current.title if current else "", max_chars=MAX_TITLE_LENGTH,
            placeholder="Reach 90 % test accuracy on the spiral with at most 12 neurons",
            help="What you ask of the class, in one sentence (shown as plain text).",
        )  # fmt: skip
        names = list(sources) if current is None else ["The challenge's setup as it is", *sources]
        source = st.selectbox("Setup", names, help="The data and the network students start from.")
        left, right = st.columns(2)
        score = left.radio(
            "Score", list(SCORE_KINDS), format_func=lambda name: SCORE_KINDS[name].label,
            index=list(SCORE_KINDS).index(current.score_kind) if current else 0,
            help="Accuracy and R² count higher as better, the loss lower.",
        )  # fmt: skip
        budget = right.number_input(
            "Epochs the server trains", 1, MAX_EPOCH_BUDGET,
            value=current.epoch_budget if current else DEFAULT_EPOCH_BUDGET,
            help="Each submission is trained again on the server for this many epochs, from the "
            "same start, and scored there: nobody can type in a score.",
        )  # fmt: skip
        locked = st.multiselect(
            "Locked controls", LOCKABLE, default=list(current.locked_controls) if current else [],
            format_func=lambda name: SETTINGS[name].label,
            help="Students cannot change these; the data and the seed are locked anyway.",
        )  # fmt: skip
        neurons, layers = st.columns(2)
        max_neurons = neurons.number_input(
            "Most hidden neurons (0: no limit)", 0, MAX_NEURONS,
            value=(current.max_neurons or 0) if current else 0,
        )  # fmt: skip
        max_layers = layers.number_input(
            "Most hidden layers (0: no limit)", 0, MAX_LAYERS,
            value=(current.max_layers or 0) if current else 0,
        )  # fmt: skip
        features = st.multiselect(
            "Input features allowed", FEATURES, format_func=FEATURE_LABELS.get,
            default=list(current.allowed_features or FEATURES) if current else list(FEATURES),
        )  # fmt: skip
        sent = st.form_submit_button("Save the challenge", type="primary", icon=":material/flag:")
    if not sent:
        return None
    config = sources.get(source) or current.config  # else: the challenge's setup as it is
    try:
        return Challenge(
            config=config,
            title=title.strip(),
            locked_controls=tuple(locked),
            max_neurons=int(max_neurons) or None,
            max_layers=int(max_layers) or None,
            allowed_features=None if set(features) == set(FEATURES) else tuple(features),
            epoch_budget=int(budget),
            score_kind=score,
        )
    except ChallengeError as error:
        st.error(str(error), icon=":material/error:")
        return None
