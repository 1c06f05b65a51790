"""The playground page under AppTest: it loads, and every control changes the config it names.

Helpers and conventions (one `.run()` is one live-loop tick, widget keys `main:<name>`):
tests/app/playground_page.py.
"""

from __future__ import annotations

import operator

import numpy as np
import pytest
from apptest_helpers import live_views
from playground_page import CLICK, act, expected, has_widget, state, widget

from playground.config import PlaygroundConfig
from playground.data import CLASSIFICATION_GENERATORS, FEATURE_LABELS, REGRESSION_GENERATORS
from playground.ui.widgets.live_view import COMPONENT_NAME, decode_payload


# --- the page loads --------------------------------------------------------------------------
def test_page_loads_with_play_button_and_live_view(playground_app):
    at = playground_app()
    assert not at.exception
    assert not at.error
    assert not at.warning
    assert widget(at, "main:play").label == "Play"
    views = live_views(at)
    assert len(views) == 1
    proto = views[0].proto
    assert proto.component_name.startswith(COMPONENT_NAME)
    assert proto.id.endswith("main:view")
    assert proto.bytes[:4] == b"PGLV"
    payload = decode_payload(proto.bytes)
    s = state(at)
    assert payload["epoch"] == 0
    assert payload["status"] == "paused"
    assert payload["problem"] == "binary"
    assert payload["layers"][0] == len(s.config.features)
    assert len(payload["points"]) == 2 * s.config.n_samples
    assert s.config == PlaygroundConfig()
    assert not s.playing


# --- every control changes the config -------------------------------------------------------
CONTROL_CASES = [
    # (setup: widgets set first, key, value, attribute of the LiveState, expected value)
    ((), "learning_rate", 0.1, "config.learning_rate", 0.1),
    ((), "learning_rate", 0.00001, "config.learning_rate", 0.00001),
    ((), "activation", "relu", "config.activation", "relu"),
    ((), "activation", "sigmoid", "config.activation", "sigmoid"),
    ((), "regularization", "l2", "config.regularization", "l2"),
    ((), "regularization", "l1", "config.regularization", "l1"),
    ((), "regularization_rate", 0.01, "config.regularization_rate", 0.01),
    ((("pick_blobs", CLICK),), "n_classes", 5, "config.n_classes", 5),
    ((), "train_ratio", 70, "config.train_ratio", 0.7),
    ((), "noise", 25, "config.noise", 0.25),
    ((), "n_samples", 1000, "config.n_samples", 1000),
    ((), "batch_size", 30, "config.batch_size", 30),
    ((), "seed", 42, "config.seed", 42),
    ((), "n_layers", 3, "config.hidden_layers", (4, 2, 4)),
    ((), "n_layers", 1, "config.hidden_layers", (4,)),
    ((), "n_layers", 0, "config.hidden_layers", ()),
    ((), "units_0", 8, "config.hidden_layers", (8, 2)),
    ((), "units_1", 5, "config.hidden_layers", (4, 5)),
    ((), "dropout", 0.2, "config.dropout", 0.2),
    ((), "batch_norm", True, "config.batch_norm", True),
    ((), "weight_init", "he", "config.weight_init", "he"),
    ((), "weight_init", "zeros", "config.weight_init", "zeros"),
    ((), "loss", "squared_error", "config.loss", "squared_error"),
    ((), "optimizer", "momentum", "config.optimizer", "momentum"),
    ((), "optimizer", "rmsprop", "config.optimizer", "rmsprop"),
    ((), "optimizer", "adam", "config.optimizer", "adam"),
    ((("optimizer", "momentum"),), "momentum", 0.5, "config.momentum", 0.5),
    ((("optimizer", "momentum"),), "nesterov", True, "config.nesterov", True),
    ((("optimizer", "adam"),), "beta_1", 0.8, "config.beta_1", 0.8),
    ((("optimizer", "adam"),), "beta_2", 0.99, "config.beta_2", 0.99),
    ((), "lr_schedule", "step", "config.lr_schedule", "step"),
    ((), "lr_schedule", "cosine", "config.lr_schedule", "cosine"),
    ((("lr_schedule", "step"),), "lr_decay_epochs", 50, "config.lr_decay_epochs", 50),
    ((("lr_schedule", "cosine"),), "lr_decay_epochs", 300, "config.lr_decay_epochs", 300),
    ((("lr_schedule", "step"),), "lr_decay", 0.25, "config.lr_decay", 0.25),
    ((), "show_test", True, "view.show_test", True),
    ((), "discretize", True, "view.discretize", True),
    ((), "speed", "fast", "view.speed", "fast"),
    ((), "speed", "slow", "view.speed", "slow"),
]


@pytest.mark.parametrize(
    ("setup", "name", "value", "attribute", "want"),
    CONTROL_CASES,
    ids=[f"{case[1]}={case[2]}" for case in CONTROL_CASES],
)
def test_control_changes_config(playground_app, setup, name, value, attribute, want):
    at = playground_app()
    get = operator.attrgetter(attribute)
    for key, setup_value in setup:
        act(at, f"main:{key}", setup_value)
    assert get(state(at)) != expected(want), "the case must change something"
    act(at, f"main:{name}", value)
    s = state(at)
    assert get(s) == expected(want)
    assert s.trainer.config == s.config  # the trainer runs what the controls say
    assert widget(at, f"main:{name}").value == expected(value)


def test_problem_type_switches_to_a_regression_dataset_and_back(playground_app):
    at = act(playground_app(), "main:problem", "regression")
    cfg = state(at).config
    assert (cfg.problem, cfg.dataset, cfg.loss, cfg.n_samples) == (
        "regression", "plane", "squared_error", 1200,
    )  # fmt: skip
    buttons = {b.key for b in at.button if b.key.startswith("main:pick_")}
    assert buttons == {f"main:pick_{name}" for name in REGRESSION_GENERATORS}
    assert not has_widget(at, "main:loss")  # regression has one loss
    act(at, "main:problem", "classification")
    cfg = state(at).config
    assert (cfg.problem, cfg.dataset, cfg.loss, cfg.n_samples) == (
        "classification", "circle", "cross_entropy", 500,
    )  # fmt: skip


@pytest.mark.parametrize("name", [*CLASSIFICATION_GENERATORS, *REGRESSION_GENERATORS])
def test_dataset_button_picks_dataset(playground_app, name):
    at = playground_app()
    names = list(CLASSIFICATION_GENERATORS)
    if name in REGRESSION_GENERATORS:
        act(at, "main:problem", "regression")
        names = list(REGRESSION_GENERATORS)
    other = next(n for n in names if n != name)
    act(at, f"main:pick_{other}")
    assert state(at).config.dataset == other
    act(at, f"main:pick_{name}")
    s = state(at)
    assert s.config.dataset == name
    assert s.trainer.config.dataset == name
    assert widget(at, f"main:pick_{name}").proto.type == "primary"
    assert widget(at, f"main:pick_{other}").proto.type == "secondary"
    assert has_widget(at, "main:n_classes") == (name == "blobs")
    if name == "blobs":
        assert s.config.loss == "cross_entropy"
        assert s.trainer.data.n_classes == s.config.n_classes == 3


@pytest.mark.parametrize("name", list(FEATURE_LABELS))
def test_feature_checkbox_toggles_feature(playground_app, name):
    at = playground_app()
    before = state(at).config.features
    act(at, f"main:feature_{name}", name not in before)
    features = state(at).config.features
    assert (name in features) == (name not in before)
    assert set(features) ^ set(before) == {name}
    assert state(at).trainer.data.inputs_train.shape[1] == len(features)


def test_regenerate_picks_a_new_seed(playground_app):
    at = playground_app()
    points = state(at).trainer.data.inputs_train.copy()
    act(at, "main:regenerate")
    s = state(at)
    assert s.config.seed != 0
    assert widget(at, "main:seed").value == s.config.seed
    assert not np.array_equal(s.trainer.data.inputs_train, points)


def test_conditional_controls_appear_only_when_they_apply(playground_app):
    at = playground_app()
    hidden = ["momentum", "nesterov", "beta_1", "beta_2", "lr_decay", "lr_decay_epochs"]
    hidden = [f"main:{name}" for name in [*hidden, "n_classes", "units_2"]]
    assert not any(has_widget(at, key) for key in hidden)
    act(at, "main:optimizer", "momentum")
    assert has_widget(at, "main:momentum") and has_widget(at, "main:nesterov")
    assert not has_widget(at, "main:beta_1")
    act(at, "main:optimizer", "adam")
    assert has_widget(at, "main:beta_1") and has_widget(at, "main:beta_2")
    assert not has_widget(at, "main:momentum")
    act(at, "main:lr_schedule", "cosine")
    assert has_widget(at, "main:lr_decay_epochs") and not has_widget(at, "main:lr_decay")
    act(at, "main:n_layers", 0)
    assert not has_widget(at, "main:units_0")
