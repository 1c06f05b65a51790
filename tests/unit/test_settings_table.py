"""The settings table is the one source of truth about a config field: walk it row by row.

For every field of `PlaygroundConfig` there is exactly one row; a value other than the default
survives a URL round trip; a value outside the row's choices or range is refused with a message
that names the field and what it allows; and the rebuild rule is the table's.
"""

from __future__ import annotations

import dataclasses

import pytest
from support.setting_values import bad_value, other_value

from playground.config import (
    DATA_FIELDS,
    FIELD_NAMES,
    NETWORK_FIELDS,
    ConfigError,
    PlaygroundConfig,
    needs_rebuild,
)
from playground.settings import SETTINGS, format_metric

DEFAULT = PlaygroundConfig()
# Fields whose other values need a partner field changed with them.
PARTNERS = {
    "dataset": {"dataset": "xor"},
    "problem": {"problem": "regression", "dataset": "plane", "loss": None, "n_samples": None},
    "loss": {"loss": "squared_error"},
    "n_samples": {"n_samples": 123},
}


def test_every_field_has_exactly_one_row() -> None:
    assert sorted(SETTINGS) == sorted(FIELD_NAMES)
    for name, setting in SETTINGS.items():
        assert setting.name == name and setting.label and setting.help.endswith(".")


@pytest.mark.parametrize("name", FIELD_NAMES)
def test_a_value_other_than_the_default_survives_the_url(name: str) -> None:
    changes = PARTNERS.get(name, {name: other_value(SETTINGS[name])})
    config = DEFAULT.replace(**changes)
    assert getattr(config, name) != getattr(DEFAULT, name)
    params = config.to_query_params()
    dataset_default = getattr(PlaygroundConfig(dataset=config.dataset), name)
    assert name in params or getattr(config, name) == dataset_default
    parsed, warnings = PlaygroundConfig.from_query_params(params)
    assert warnings == [] and parsed == config


@pytest.mark.parametrize("name", FIELD_NAMES)
def test_a_value_outside_the_row_is_refused_by_name(name: str) -> None:
    setting = SETTINGS[name]
    with pytest.raises(ConfigError) as error:
        dataclasses.replace(DEFAULT, **{name: bad_value(setting)})
    assert error.value.field == name
    message = str(error.value)
    if setting.kind == "choice":
        assert all(str(choice) in message for choice in setting.choices)
    if setting.kind in ("int", "float"):
        assert "range" in message


@pytest.mark.parametrize("name", FIELD_NAMES)
def test_the_rebuild_rule_is_the_tables(name: str) -> None:
    changes = PARTNERS.get(name, {name: other_value(SETTINGS[name])})
    rebuilds = needs_rebuild(DEFAULT, DEFAULT.replace(**changes))
    assert rebuilds == bool(SETTINGS[name].rebuild)
    assert (name in DATA_FIELDS + NETWORK_FIELDS) == bool(SETTINGS[name].rebuild)


@pytest.mark.parametrize("name", [n for n, s in SETTINGS.items() if s.per_layer])
def test_per_layer_fields_take_one_value_per_hidden_layer(name: str) -> None:
    setting = SETTINGS[name]
    values = setting.choices[:2] if setting.kind == "choice" else (0.1, 0.3)
    config = DEFAULT.replace(**{name: values})
    assert getattr(config, name) == values
    with pytest.raises(ConfigError, match="one per hidden layer"):
        DEFAULT.replace(**{name: (*values, values[0])})


def test_a_score_is_written_one_way_everywhere() -> None:
    assert format_metric(0.9876, "accuracy") == "98.8 %"
    assert format_metric(0.98765, "r2") == "0.988"
    assert format_metric(float("nan"), "accuracy") == format_metric(float("nan"), "r2") == "—"
