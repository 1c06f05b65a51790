"""The comparison model (`playground.experiments.comparison`): `CompareSetup`, its URL form
and the ready-made comparisons.
"""

from __future__ import annotations

import pytest
from support.comparison_params import BAD_PARAMS

from playground.config import PlaygroundConfig
from playground.experiments.comparison import (
    SHARED_FIELDS,
    CompareSetup,
    comparison,
    comparisons,
    from_query_params,
    to_query_params,
)
from playground.experiments.presets import list_presets


# --- the comparison model ---------------------------------------------------------------------
def test_quick_comparisons_contrast_what_their_titles_say():
    expected = {
        "dropout-vs-none": ("dropout", 0.0, 0.3),
        "sigmoid-vs-relu": ("activation", "sigmoid", "relu"),
        "sgd-vs-adam": ("optimizer", "sgd", "adam"),
        "batchnorm-vs-none": ("batch_norm", False, True),
        "skips-vs-none": ("skip_connections", False, True),
    }
    for name, (field, value_a, value_b) in expected.items():
        setup = comparison(name).setup
        assert getattr(setup.config("a"), field) == value_a
        assert getattr(setup.config("b"), field) == value_b
        assert setup.differences() == [field]


def test_every_preset_with_a_comparison_is_offered_with_its_configs():
    offered = {item.name: item for item in comparisons()}
    presets = [p for p in list_presets() if p.compare is not None and p.data is None]
    assert len(presets) >= 3
    for preset in presets:
        setup = offered[preset.name].setup
        assert (setup.config("a"), setup.config("b")) == preset.compare
        assert (setup.labels["a"], setup.labels["b"]) == preset.compare_labels
        assert setup.base == preset.config


def test_overrides_equal_to_the_base_are_dropped_and_shared_fields_refused():
    setup = CompareSetup().with_override("a", "learning_rate", 0.1)
    assert setup.overrides["a"] == {"learning_rate": 0.1}
    assert setup.with_override("a", "learning_rate", 0.03).overrides["a"] == {}
    for field in SHARED_FIELDS:
        with pytest.raises(ValueError, match="share"):
            setup.with_override("b", field, getattr(setup.base, field))


def test_a_base_change_reaches_both_sides_unless_one_overrides_it():
    setup = CompareSetup().with_override("b", "optimizer", "adam")
    setup = setup.with_base("optimizer", "momentum").with_base("noise", 0.2)
    assert setup.config("a").optimizer == "momentum"
    assert setup.config("b").optimizer == "adam"
    assert setup.config("a").noise == setup.config("b").noise == 0.2
    regression = setup.with_base("dataset", "plane")
    assert regression.base.problem == "regression" and regression.base.n_samples == 1200


@pytest.mark.parametrize("name", [item.name for item in comparisons()])
def test_url_round_trip_of_every_ready_made_comparison(name):
    setup = comparison(name).setup
    params = to_query_params(setup)
    back, warnings = from_query_params(params)
    assert warnings == []
    assert (back.base, back.overrides, back.labels) == (setup.base, setup.overrides, setup.labels)


def test_url_parameters_are_prefixed_per_side():
    setup = CompareSetup().with_base("dataset", "xor")
    setup = setup.with_override("a", "learning_rate", 0.1).with_override("b", "optimizer", "adam")
    assert to_query_params(setup) == {
        "dataset": "xor", "a.learning_rate": "0.1", "b.optimizer": "adam",
    }  # fmt: skip


def test_invalid_url_parameters_are_each_named_and_the_rest_used():
    setup, warnings = from_query_params({**BAD_PARAMS, "b.optimizer": "adam", "seed": "7"})
    for name, value in BAD_PARAMS.items():
        assert sum(f"'{name}={value}'" in w for w in warnings) == 1, (name, warnings)
    assert len(warnings) == len(BAD_PARAMS)
    assert setup.overrides == {"a": {}, "b": {"optimizer": "adam"}}
    assert setup.base == PlaygroundConfig(seed=7)
