"""The sweep and digits forms apply only what the user changed, as `config.replace(**changed)`.

Both forms are drawn from the settings table and show a few settings; every other setting (and a
value their widgets cannot show, such as one activation per layer) is kept from where the
config came from until the user changes that very control. When the number of hidden layers
changes, the per-layer values follow it.
"""

from __future__ import annotations

import time

from apptest_helpers import open_page
from streamlit.testing.v1 import AppTest

SWEEP, DIGITS = "views/sweep.py", "views/digits.py"
SOURCE = {
    "optimizer": "rmsprop", "rho": "0.8", "hidden_layers": "4,2", "dropout": "0.1,0.2",
    "activation": "relu,tanh", "noise": "0.123", "lr_schedule": "cosine",
}  # fmt: skip


def sweep_base(at: AppTest):
    """The base configuration of a one-cell, one-epoch sweep of the seed."""
    at.selectbox(key="sweep:w:x_field").set_value("seed").run()
    at.selectbox(key="sweep:w:y_field").set_value("none").run()
    at.text_input(key="sweep:w:values:seed").set_value("0").run()
    at.number_input(key="sweep:w:epochs").set_value(1).run()
    assert not at.error, [e.value for e in at.error]
    at.button(key="sweep:btn:run").click().run()
    job = at.session_state["sweep:job"]
    deadline = time.monotonic() + 60
    while job.running and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not job.running and not job.error
    return job.base


def test_the_sweep_form_keeps_what_it_does_not_show(playground_app) -> None:
    at = open_page(playground_app, SWEEP, SOURCE, errors=False)
    at.selectbox(key="sweep:w:base:learning_rate").set_value(0.1).run()
    base = sweep_base(at)
    assert base.learning_rate == 0.1
    assert base.rho == 0.8 and base.lr_schedule == "cosine" and base.noise == 0.123
    assert base.activation == ("relu", "tanh") and base.dropout == (0.1, 0.2)


def test_sweep_per_layer_values_follow_new_layers(playground_app) -> None:
    at = open_page(playground_app, SWEEP, SOURCE, errors=False)
    at.text_input(key="sweep:w:base:hidden_layers").set_value("4, 2, 2").run()
    at.selectbox(key="sweep:w:base:activation").set_value("sigmoid").run()
    base = sweep_base(at)
    assert base.hidden_layers == (4, 2, 2) and base.activation == "sigmoid"
    assert base.dropout == (0.1, 0.2, 0.2) and base.rho == 0.8


def test_a_new_dataset_brings_its_problem(playground_app) -> None:
    at = open_page(playground_app, SWEEP, {"dataset": "circle"}, errors=False)
    at.selectbox(key="sweep:w:base:dataset").set_value("plane").run()
    base = sweep_base(at)
    assert base.dataset == "plane" and base.problem == "regression"
    assert base.loss == "squared_error"


def test_the_digits_form_keeps_what_it_does_not_show(playground_app) -> None:
    params = {"dataset": "digits", "hidden_layers": "8", "dropout": "0.2", **SOURCE}
    params.update(hidden_layers="8", dropout="0.2", activation="relu")
    at = open_page(playground_app, DIGITS, params, errors=False)
    state = at.session_state["digits:state"]
    at.selectbox(key="digits:w:learning_rate").set_value(0.003).run()
    config = state.config
    assert config.learning_rate == 0.003 and config.dropout == 0.2
    assert config.rho == 0.8 and config.lr_schedule == "cosine" and config.activation == "relu"
    at.number_input(key="digits:w:n_layers").set_value(2).run()
    config = state.config
    assert config.hidden_layers == (8, 16) and config.dropout == 0.2
    assert at.select_slider(key="digits:w:batch_size").options[-1] == "1258"
