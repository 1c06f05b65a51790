"""PlaygroundConfig: defaults, validation messages, dict and URL round trips."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playground.config import (
    ACTIVATION_NAMES,
    FIELD_NAMES,
    OPTIMIZERS,
    ConfigError,
    PlaygroundConfig,
    needs_rebuild,
)
from playground.data import FEATURES


def test_defaults_follow_tensorflow_playground_and_fill_from_the_dataset() -> None:
    cfg = PlaygroundConfig()
    assert (cfg.dataset, cfg.hidden_layers, cfg.activation, cfg.learning_rate) == (
        "circle",
        (4, 2),
        "tanh",
        0.03,
    )
    assert (cfg.problem, cfg.n_samples, cfg.loss, cfg.batch_size) == (
        "classification",
        500,
        "cross_entropy",
        10,
    )
    plane = PlaygroundConfig(dataset="plane")
    assert (plane.problem, plane.n_samples, plane.loss) == ("regression", 1200, "squared_error")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (dict(dataset="moon"), "dataset", "circle, xor"),
        (dict(noise=0.7), "noise", "0 to 0.5"),
        (dict(train_ratio=0.95), "train_ratio", "0.1 to 0.9"),
        (dict(hidden_layers=(4, 65)), "hidden_layers", "1 to 64"),
        (dict(hidden_layers=(2,) * 11), "hidden_layers", "at most 10"),
        (dict(activation="gelu"), "activation", ", ".join(ACTIVATION_NAMES)),
        (dict(activation=("tanh", "relu", "elu")), "activation", "one per hidden layer"),
        (dict(features=("x1", "x3")), "features", "x1, x2"),
        (dict(features=()), "features", "at least one"),
        (dict(optimizer="lbfgs"), "optimizer", ", ".join(OPTIMIZERS)),
        (dict(learning_rate=0.0), "learning_rate", "range"),
        (dict(learning_rate=float("nan")), "learning_rate", "range"),
        (dict(batch_size=0), "batch_size", "1 to 50000"),
        (dict(batch_size=2.5), "batch_size", "whole number"),
        (dict(dropout=0.95), "dropout", "0 to 0.9"),
        (dict(dataset="plane", loss="cross_entropy"), "loss", "squared_error"),
        (dict(dataset="plane", problem="classification"), "problem", "regression dataset"),
        (dict(dataset="blobs", loss="squared_error"), "loss", "cross_entropy"),
        (dict(batch_norm="yes"), "batch_norm", "true or false"),
        (dict(regularization="l3"), "regularization", "none, l1, l2"),
    ],
)
def test_validation_names_the_field_and_what_is_allowed(changes, field, message) -> None:
    with pytest.raises(ConfigError) as error:
        PlaygroundConfig(**changes)
    assert error.value.field == field
    assert field in str(error.value) and message in str(error.value)


def test_per_layer_values_and_their_single_form() -> None:
    cfg = PlaygroundConfig(hidden_layers=(3, 3), activation=("relu", "tanh"), dropout=(0.1, 0))
    assert cfg.activations() == ("relu", "tanh") and cfg.dropout_rates() == (0.1, 0.0)
    same = PlaygroundConfig(hidden_layers=(3, 3), activation=["relu", "relu"])
    assert same.activation == "relu" and same.activations() == ("relu", "relu")


def test_structural_and_training_changes() -> None:
    cfg = PlaygroundConfig()
    assert not needs_rebuild(
        cfg,
        cfg.replace(learning_rate=0.1, optimizer="adam", regularization="l2", lr_schedule="cosine"),
    )
    for change in (
        dict(dataset="xor"),
        dict(noise=0.1),
        dict(seed=3),
        dict(hidden_layers=(2,)),
        dict(features=("x1",)),
        dict(activation="relu"),
        dict(batch_norm=True),
    ):
        assert needs_rebuild(cfg, cfg.replace(**change))


layer_lists = st.lists(st.integers(1, 64), max_size=10).map(tuple)


@st.composite
def configs(draw) -> PlaygroundConfig:
    layers = draw(layer_lists)
    per_layer = draw(st.booleans()) and len(layers) > 0
    activation = (
        tuple(draw(st.sampled_from(ACTIVATION_NAMES)) for _ in layers)
        if per_layer
        else draw(st.sampled_from(ACTIVATION_NAMES))
    )
    dataset = draw(
        st.sampled_from(
            [
                "circle",
                "xor",
                "gauss",
                "spiral",
                "moons",
                "blobs",
                "checkerboard",
                "sine",
                "cubic",
                "abs",
                "plane",
                "multi_gauss",
            ]
        )
    )
    regression = dataset in ("plane", "multi_gauss")
    return PlaygroundConfig(
        dataset=dataset,
        n_samples=draw(st.integers(10, 50_000)),
        noise=draw(st.floats(0, 0.5)),
        train_ratio=draw(st.floats(0.1, 0.9)),
        n_classes=draw(st.integers(3, 5)),
        seed=draw(st.integers(0, 2**31 - 1)),
        features=tuple(
            draw(st.lists(st.sampled_from(sorted(FEATURES)), min_size=1, max_size=7, unique=True))
        ),
        hidden_layers=layers,
        activation=activation,
        weight_init=draw(st.sampled_from(["glorot", "he", "uniform", "zeros"])),
        loss=(
            "squared_error"
            if regression or (draw(st.booleans()) and dataset != "blobs")
            else "cross_entropy"
        ),
        regularization=draw(st.sampled_from(["none", "l1", "l2"])),
        regularization_rate=draw(st.floats(0, 10)),
        dropout=draw(st.floats(0, 0.9)),
        batch_norm=draw(st.booleans()),
        optimizer=draw(st.sampled_from(OPTIMIZERS)),
        learning_rate=draw(st.floats(1e-6, 10)),
        momentum=draw(st.floats(0, 0.9999)),
        nesterov=draw(st.booleans()),
        batch_size=draw(st.integers(1, 50_000)),
        lr_schedule=draw(st.sampled_from(["constant", "step", "cosine"])),
        lr_decay=draw(st.floats(0.01, 1.0)),
        lr_decay_epochs=draw(st.integers(1, 1000)),
    )


@settings(max_examples=150, deadline=None)
@given(configs())
def test_dict_round_trip_through_json(cfg: PlaygroundConfig) -> None:
    assert PlaygroundConfig.from_dict(json.loads(json.dumps(cfg.to_dict()))) == cfg


@settings(max_examples=150, deadline=None)
@given(configs())
def test_url_round_trip(cfg: PlaygroundConfig) -> None:
    params = cfg.to_query_params()
    assert all(isinstance(v, str) for v in params.values())
    restored, warnings = PlaygroundConfig.from_query_params(params)
    assert warnings == []
    assert restored == cfg


def test_url_parameters_hold_only_what_differs_from_the_defaults() -> None:
    params = PlaygroundConfig(
        dataset="spiral", hidden_layers=(8, 8), batch_norm=True, learning_rate=0.01
    ).to_query_params()
    assert params == {
        "dataset": "spiral",
        "hidden_layers": "8,8",
        "batch_norm": "1",
        "learning_rate": "0.01",
    }


def test_bad_url_parameters_are_named_in_warnings_and_defaults_used() -> None:
    cfg, warnings = PlaygroundConfig.from_query_params(
        {
            "dataset": "spiral",
            "noise": "lots",
            "hidden_layers": "4,100",
            "learning_rate": "99",
            "activation": "relu",
            "batch_norm": "maybe",
            "theme": "dark",
        }
    )
    assert cfg == PlaygroundConfig(dataset="spiral", activation="relu")
    text = " ".join(warnings)
    for name in ("noise=lots", "hidden_layers=4,100", "learning_rate=99", "batch_norm=maybe"):
        assert name in text
    assert "theme" not in text  # not a config parameter: the page handles its own
    assert len(warnings) == 4


def test_cross_field_conflicts_in_urls_drop_the_offending_parameter() -> None:
    cfg, warnings = PlaygroundConfig.from_query_params(
        {"dataset": "plane", "loss": "cross_entropy"}
    )
    assert cfg.dataset == "plane" and cfg.loss == "squared_error"
    assert len(warnings) == 1 and "loss" in warnings[0]


def test_from_dict_rejects_unknown_fields() -> None:
    with pytest.raises(ConfigError, match="unknown field"):
        PlaygroundConfig.from_dict({"dataset": "xor", "colour": "red"})


def test_every_field_is_a_url_parameter() -> None:
    assert set(FIELD_NAMES) == set(PlaygroundConfig().to_dict())
