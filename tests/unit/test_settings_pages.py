"""The settings table's per-page columns: how the sweep and digits pages offer a field.

A page that offers a field unlike the playground says so in the row's `pages` entry (its own
options, range, label, help or widget kind), so that a page never writes an option list or a
range of its own; `Setting.on(page)` is the row as that page sees it.
"""

from __future__ import annotations

import dataclasses

import pytest

from playground.config import ConfigError, PlaygroundConfig
from playground.settings import PAGES, SETTINGS, parse_layers
from playground.viz.sweep_figures import field_title

PAGE_ROWS = [(name, page) for name, row in SETTINGS.items() for page in row.pages]
COLUMNS = {column.name for column in dataclasses.fields(SETTINGS["seed"])}


def test_the_sweep_and_digits_pages_have_rows() -> None:
    assert {page for _, page in PAGE_ROWS} == set(PAGES)


@pytest.mark.parametrize(("name", "page"), PAGE_ROWS)
def test_a_page_changes_only_widget_columns(name: str, page: str) -> None:
    row, seen = SETTINGS[name], SETTINGS[name].on(page)
    assert set(row.pages[page]) <= COLUMNS - {"name", "kind", "choices", "low", "high", "pages"}
    for column, value in row.pages[page].items():
        assert getattr(seen, column) == value
    assert seen.help.endswith(".") and seen.label


@pytest.mark.parametrize(("name", "page"), PAGE_ROWS)
def test_every_option_a_page_offers_is_valid(name: str, page: str) -> None:
    seen = SETTINGS[name].on(page)
    for option in seen.options:
        changes = {name: option}
        if name == "dataset":
            changes.update(problem=None, loss=None, n_samples=None)
        try:
            PlaygroundConfig().replace(**changes)
        except ConfigError as error:  # pragma: no cover - the message says which option
            pytest.fail(f"{name} on {page}: {option!r}: {error}")


def test_a_page_without_a_row_sees_the_playgrounds() -> None:
    assert SETTINGS["learning_rate"].on("digits") is SETTINGS["learning_rate"]
    assert SETTINGS["batch_size"].on(None) is SETTINGS["batch_size"]


def test_the_digits_batch_sizes_end_at_every_training_image() -> None:
    sizes = SETTINGS["batch_size"].on("digits").options
    assert f"{sizes[-1]:,}" in SETTINGS["batch_size"].on("digits").help
    assert list(sizes) == sorted(sizes)


def test_the_sweep_types_layers_as_text() -> None:
    seen = SETTINGS["hidden_layers"].on("sweep")
    assert seen.widget == "text" and parse_layers("8, 8") == (8, 8)


def test_a_sweep_names_every_sweepable_field_in_words() -> None:
    for name, row in SETTINGS.items():
        if row.sweep:
            words = field_title(name)
            assert words == words.lower() and "_" not in words and len(words) <= 25, name
    assert field_title("n_samples") == "points" and field_title("epochs") == "epochs"
