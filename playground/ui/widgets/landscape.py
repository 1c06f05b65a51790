"""The "Loss landscape" tab: the training loss on a slice of weight space, and the path.

The figure comes from `playground.viz.insights.landscape_view` (maths in
`analysis/landscape.py` and `analysis/landscape_grid.py`). The two directions of the slice
belong to the session (a `DirectionsCache` in `st.session_state`, never a module global): they
stay fixed while the network trains and change when it is rebuilt or when "New directions" is
pressed. While training plays the map is redrawn in the tabs' refresh fragment, so its
computation is kept within a budget of a few milliseconds (`landscape_grid.PLAYING_WORK`:
fewer training points, then a coarser grid, for a large network); paused, it uses every point
up to a larger budget.
"""

from __future__ import annotations

import streamlit as st

from playground.analysis.landscape import RESOLUTION, SPAN, DirectionsCache
from playground.analysis.landscape_grid import PAUSED_WORK, PLAYING_WORK, within_budget
from playground.live.session import LiveState
from playground.ui.workarounds.buttons import once_button
from playground.viz import insights

SPANS = (0.1, 0.25, 0.5, 1.0, 2.0, 5.0)
RESOLUTIONS = (15, 25, 41)
SLICES = ("Random directions", "Along the path")


def landscape_panel(state: LiveState, key: str) -> None:
    """The controls and the map for `state`'s trainer."""
    trainer = state.trainer
    if not trainer.has_training_data:
        st.info("The loss landscape is the training loss: add some training points first.")
        return
    along_path = _slice_choice(key)
    span, resolution, log_scale, penalty = _controls(state, key, along_path)
    seed = st.session_state.setdefault(f"{key}:landscape_seed", 0)
    cache = st.session_state.setdefault(f"{key}:landscape_directions", DirectionsCache())
    network = trainer.network
    directions = None if along_path else cache.get(network, seed)
    if directions is not None and not any(direction.any() for direction in directions):
        st.info(
            "All weights are zero, so directions scaled to them are zero too: train a step, "
            "then press New directions."
        )
        return
    work = PLAYING_WORK if state.running else PAUSED_WORK
    n_train, asked = len(trainer.inputs_train), resolution
    resolution, points = within_budget(network, n_train, resolution, work)
    try:
        figure = insights.landscape_view(
            trainer,
            directions,
            resolution=resolution,
            span=span,
            log_scale=log_scale,
            max_points=points,
            penalty=penalty,
            along_path=along_path,
        )
    except (TypeError, ValueError) as error:
        st.info(f"The loss landscape cannot be drawn for this network: {error}")
        return
    st.plotly_chart(figure, key=f"{key}:landscape", config={"displaylogo": False})
    caption = insights.CAPTIONS["landscape_path" if along_path else "loss_landscape"]
    if (resolution, points) != (asked, n_train):
        when = "While training plays" if state.running else "For this large network"
        caption += (
            f" {when} the map uses {points} of the {n_train} training points and a "
            f"{resolution} × {resolution} grid, to stay fast."
        )
    st.caption(caption)


def _slice_choice(key: str) -> bool:
    """True for the slice along the path's main directions, False for random directions."""
    choice = st.segmented_control(
        "Slice",
        SLICES,
        default=SLICES[0],
        key=f"{key}:landscape_slice",
        help="Random directions show the ground around the weights as any direction sees it; "
        "the path's own directions are the plane the optimizer moved in most, so its path shows "
        "in full (the slice then changes as the path goes on).",
    )
    return choice == SLICES[1]


def _controls(state: LiveState, key: str, along_path: bool) -> tuple[float, int, bool, bool]:
    span_column, resolution_column, options, button = st.columns(
        [3, 2, 2, 2], vertical_alignment="bottom"
    )
    span = span_column.select_slider(
        "Span of the slice",
        SPANS,
        value=SPAN,
        key=f"{key}:landscape_span",
        format_func=lambda value: f"±{value:g}",
        help="How far the map reaches along each direction, in units of the weights' own size "
        "(±1: every neuron's weights change by up to their own length).",
    )
    resolution = resolution_column.select_slider(
        "Resolution",
        RESOLUTIONS,
        value=RESOLUTION,
        key=f"{key}:landscape_resolution",
        format_func=lambda value: f"{value} × {value}",
        help="Grid points per side; a finer grid takes longer to compute.",
    )
    log_scale = options.toggle(
        "Log scale",
        key=f"{key}:landscape_log",
        help="Colour by the logarithm of the loss, to see the shape of a deep, narrow valley.",
    )
    penalty = False
    if state.config.regularization != "none" and state.config.regularization_rate > 0:
        penalty = options.toggle(
            "Add the penalty",
            key=f"{key}:landscape_penalty",
            help="Show the loss plus the weight penalty: what the optimizer minimizes.",
        )
    if along_path:
        return float(span), int(resolution), bool(log_scale), bool(penalty)
    once_button(
        button,
        f"{key}:landscape_new",
        "New directions",
        lambda: _new_directions(key),
        icon=":material/shuffle:",
        help="Draw two other random directions, scaled to the weights as they are now.",
    )
    return float(span), int(resolution), bool(log_scale), bool(penalty)


def _new_directions(key: str) -> None:
    seed_key = f"{key}:landscape_seed"
    st.session_state[seed_key] = st.session_state.get(seed_key, 0) + 1
