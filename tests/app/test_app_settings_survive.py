"""Settings the page's widgets cannot show survive the page, and unknown URL parameters are named.

Regression tests: the page rebuilt its config from the widgets alone, so `rho` and `epsilon` (no
widget) went back to their defaults and per-layer activations or dropout rates collapsed to one
value — then rebuilt the network, replacing a loaded model's weights. Unknown parameters such as
`?foo=bar` vanished without the warning the README promises.
"""

from __future__ import annotations

import numpy as np
from playground_page import act, state
from streamlit.testing.v1 import AppTest

from playground import PlaygroundConfig, Trainer
from playground.model_io import model_to_bytes

PER_LAYER = {
    "hidden_layers": "4,3",
    "activation": "relu,tanh",
    "dropout": "0.1,0.3",
    "optimizer": "rmsprop",
    "rho": "0.5",
    "epsilon": "1e-06",
}


def test_fields_without_a_widget_and_per_layer_values_survive_other_changes(playground_app):
    at = playground_app(PER_LAYER)
    assert not at.warning, [w.value for w in at.warning]
    theta = state(at).trainer.network.theta.copy()
    act(at, "main:learning_rate", 0.1)
    act(at, "main:batch_size", 20)
    at.run()
    cfg = state(at).config
    assert (cfg.rho, cfg.epsilon) == (0.5, 1e-6)
    assert cfg.activation == ("relu", "tanh") and cfg.dropout == (0.1, 0.3)
    np.testing.assert_array_equal(state(at).trainer.network.theta, theta)  # not rebuilt
    assert at.query_params["activation"] == "relu,tanh"
    note = "Per layer: activation ReLU, Tanh; dropout 0.1, 0.3."
    assert any(note in caption.value for caption in at.caption)  # shown, not silently dropped


def test_per_layer_values_follow_a_new_layer_and_give_way_to_the_control(playground_app):
    at = playground_app(PER_LAYER)
    act(at, "main:n_layers", 3)
    cfg = state(at).config
    assert cfg.activation == ("relu", "tanh", "tanh") and cfg.dropout == (0.1, 0.3, 0.3)
    act(at, "main:activation", "sigmoid")  # the user chose one activation for every layer
    assert state(at).config.activation == "sigmoid"
    assert state(at).config.dropout == (0.1, 0.3, 0.3)


def page_that_loads_models() -> None:
    """The playground, plus what the model upload's callback does before the page runs."""
    import streamlit as st

    from playground.ui.pages.playground import playground_view
    from playground.ui.widgets.controls import reset_widgets
    from playground.ui.widgets.data_io import apply_model

    files = st.session_state.pop("files_to_load", None)
    if files:
        apply_model(st.session_state["live:main"], files)
        reset_widgets("main")
    playground_view("main")


def test_a_loaded_per_layer_model_keeps_its_weights_on_the_next_runs():
    trained = Trainer(
        PlaygroundConfig(hidden_layers=(5, 3), activation=("relu", "sigmoid"), dropout=(0.2, 0.0))
    )
    trained.run_epochs(5)
    at = AppTest.from_function(page_that_loads_models, default_timeout=60).run()
    at.session_state["files_to_load"] = dict(
        zip(("m.json", "m.npz"), model_to_bytes(trained), strict=True)
    )
    at.run()
    at.run()
    assert not at.exception
    assert state(at).config == trained.config
    np.testing.assert_array_equal(state(at).trainer.network.theta, trained.network.theta)


def test_unknown_url_parameters_are_named_in_a_warning(playground_app):
    at = playground_app({"foo": "bar", "learning_rte": "0.1", "presenter": "1"})
    texts = [w.value for w in at.warning]
    assert len(texts) == 2, texts
    assert any("'foo=bar' ignored" in t for t in texts)
    assert any("'learning_rte=0.1' ignored: did you mean 'learning_rate'?" in t for t in texts)
