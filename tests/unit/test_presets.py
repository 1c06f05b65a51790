"""Presets and lessons: the shipped files load; a bad file says which file and field is wrong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from playground.config import PlaygroundConfig
from playground.experiments.presets import (
    PRESETS_DIR,
    PresetError,
    lesson_from_markdown,
    list_lessons,
    list_presets,
    load_lesson,
    load_preset,
    preset_from_json,
    preset_names,
)
from playground.trainer import Trainer

MINIMAL = {"name": "mine", "title": "Mine", "description": "A preset.", "config": {}}


def preset_json(**changes: object) -> str:
    return json.dumps({**MINIMAL, **changes})


def write(directory: Path, stem: str, **changes: object) -> None:
    """A preset file `<stem>.json` whose name is the stem unless `changes` say otherwise."""
    (directory / f"{stem}.json").write_text(preset_json(**{"name": stem, **changes}))


# --- the shipped presets ------------------------------------------------------------------------
def test_every_shipped_preset_loads_and_is_named_after_its_file() -> None:
    presets = list_presets()
    assert len(presets) >= 10
    assert [preset.name for preset in presets] == preset_names() == sorted(preset_names())
    for preset in presets:
        assert preset.source == f"{preset.name}.json"
        assert preset.config == PlaygroundConfig.from_dict(preset.config.to_dict())
        assert load_preset(preset.name) == preset


def test_lesson_presets_contrast_what_their_lessons_are_about() -> None:
    layers = load_preset("lesson-02-layers")
    a, b = layers.compare
    assert a.activation == "linear" and b.activation == "tanh" and b.hidden_layers == (4,)
    assert layers.compare_labels == ("Two linear hidden layers", "One tanh hidden layer")
    assert load_preset("lesson-08-batch-norm").compare[1].batch_norm is True
    tuning = load_preset("lesson-09-tuning").sweep
    assert [axis.field for axis in tuning.axes] == ["learning_rate", "batch_size"]
    digits = load_preset("lesson-10-deep-features")
    assert digits.data == "digits" and digits.dataset().n_features == 64


def test_a_digits_preset_config_names_the_digits_so_whoever_reads_only_it_gets_them() -> None:
    """Lesson 10's config alone used to train the circle (the config's default dataset)."""
    digits = load_preset("lesson-10-deep-features")
    assert digits.config.dataset == "digits" and digits.config.problem == "classification"
    assert Trainer(digits.config).data.n_features == 64
    named = preset_from_json(preset_json(config={"dataset": "digits"}))
    assert named.data == "digits" and named.dataset().n_features == 64
    with pytest.raises(PresetError, match=r"config\.dataset"):
        preset_from_json(preset_json(config={"dataset": "circle"}, data="digits"))


# --- reading and validating ---------------------------------------------------------------------
def test_a_minimal_preset_takes_the_config_defaults() -> None:
    preset = preset_from_json(preset_json())
    assert preset.config == PlaygroundConfig()
    assert preset.compare is None and preset.sweep is None and preset.dataset() is None
    assert preset.hidden_controls == () and preset.hidden_panels == ()


def test_compare_sides_are_overrides_of_the_preset_config() -> None:
    text = preset_json(
        config={"dataset": "xor", "learning_rate": 0.1},
        compare={"a": {"label": "slow", "learning_rate": 0.01}, "b": {"batch_size": 1}},
    )
    preset = preset_from_json(text)
    a, b = preset.compare
    assert (a.dataset, a.learning_rate, a.batch_size) == ("xor", 0.01, 10)
    assert (b.dataset, b.learning_rate, b.batch_size) == ("xor", 0.1, 1)
    assert preset.compare_labels == ("slow", "B")


def test_a_baseline_label_puts_the_preset_itself_first_among_the_settings() -> None:
    text = preset_json(
        config={"learning_rate": 0.1},
        compare={"baseline": "mine", "a": {"learning_rate": 0.01}, "b": {"batch_size": 1}},
    )
    preset = preset_from_json(text)
    assert [label for label, _ in preset.settings] == ["mine", "A", "B"]
    assert [config for _, config in preset.settings] == [preset.config, *preset.compare]
    plain = preset_from_json(preset_json(compare={"a": {}, "b": {"batch_size": 1}}))
    assert [label for label, _ in plain.settings] == ["A", "B"]
    for bad in (3, "", "  "):
        with pytest.raises(PresetError, match=r"compare\.baseline: must be text"):
            preset_from_json(preset_json(compare={"baseline": bad, "a": {}, "b": {}}))


def test_a_bad_config_value_names_the_file_and_the_field() -> None:
    with pytest.raises(PresetError, match=r"^broken\.json: config\.learning_rate: ") as error:
        preset_from_json(preset_json(config={"learning_rate": 99}), source="broken.json")
    assert error.value.field == "config.learning_rate" and error.value.source == "broken.json"
    with pytest.raises(PresetError, match=r"config\.hidden_layers"):
        preset_from_json(preset_json(config={"hidden_layers": [0]}))
    with pytest.raises(PresetError, match=r"compare\.b\.activation"):
        preset_from_json(preset_json(compare={"a": {}, "b": {"activation": "softsign"}}))


def test_an_unknown_config_field_or_key_is_named() -> None:
    with pytest.raises(PresetError, match=r"config\.learnin_rate: unknown field"):
        preset_from_json(preset_json(config={"learnin_rate": 0.1}))
    with pytest.raises(PresetError, match=r"hidden_control: unknown key"):
        preset_from_json(preset_json(hidden_control=["noise"]))
    with pytest.raises(PresetError, match=r"hidden_controls: 'nosie' is not a config field"):
        preset_from_json(preset_json(hidden_controls=["nosie"]))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"name": "Bad Name"}, "name"),
        ({"config": [1, 2]}, "config"),
        ({"epochs": 0}, "epochs"),
        ({"data": "mnist"}, "data"),
        ({"compare": {"a": {}}}, "compare"),
        ({"hidden_panels": "boundary"}, "hidden_panels"),
        ({"sweep": {"x": {"field": "learn", "values": [0.1]}, "epochs": 5}}, "sweep.x.field"),
        ({"sweep": {"x": {"field": "batch_size", "values": [0]}, "epochs": 5}}, "sweep.x.values"),
    ],
)
def test_malformed_presets_are_refused_with_the_field(changes: dict, field: str) -> None:
    with pytest.raises(PresetError) as error:
        preset_from_json(preset_json(**changes))
    assert error.value.field.startswith(field)


def test_missing_keys_and_broken_json_are_reported() -> None:
    with pytest.raises(PresetError, match="description: missing"):
        preset_from_json(json.dumps({"name": "x", "title": "X", "config": {}}))
    with pytest.raises(PresetError, match="json: not valid JSON"):
        preset_from_json('{"name": ')


def test_presets_are_read_from_a_folder_by_name(tmp_path: Path) -> None:
    write(tmp_path, "mine", config={"dataset": "spiral"})
    write(tmp_path, "other")
    assert [preset.name for preset in list_presets(tmp_path)] == ["mine", "other"]
    assert load_preset("mine", tmp_path).config.dataset == "spiral"
    with pytest.raises(PresetError, match="no preset called 'nope'; known presets: mine, other"):
        load_preset("nope", tmp_path)
    with pytest.raises(PresetError, match="name"):
        load_preset("../presets/mine", tmp_path)


def test_a_preset_whose_name_differs_from_its_file_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "copy", name="original")
    with pytest.raises(PresetError, match=r"copy\.json: name: 'original' must match"):
        list_presets(tmp_path)


def test_a_broken_file_in_the_folder_names_itself(tmp_path: Path) -> None:
    write(tmp_path, "fine")
    write(tmp_path, "mine", config={"noise": 3})
    with pytest.raises(PresetError, match=r"^mine\.json: config\.noise"):
        list_presets(tmp_path)
    assert PRESETS_DIR.is_dir()


# --- lessons --------------------------------------------------------------------------------------
LESSON = "---\ntitle: Try it\npreset: mine\n---\nIntro.\n\n## The idea\nIdeas.\n\n## Try this\n- a"


def test_a_lesson_file_gives_its_number_title_preset_and_sections() -> None:
    lesson = lesson_from_markdown(LESSON, "07-try-it.md")
    assert (lesson.number, lesson.slug, lesson.title, lesson.preset) == (
        7,
        "07-try-it",
        "Try it",
        "mine",
    )
    assert lesson.body.startswith("Intro.")
    assert lesson.sections() == {"": "Intro.", "The idea": "Ideas.", "Try this": "- a"}


@pytest.mark.parametrize(
    ("text", "filename", "field"),
    [
        (LESSON, "seven.md", "file name"),
        ("# No front matter\n", "01-a.md", "front matter"),
        ("---\ntitle: T\n---\nbody", "01-a.md", "preset"),
    ],
)
def test_malformed_lessons_are_refused(text: str, filename: str, field: str) -> None:
    with pytest.raises(PresetError) as error:
        lesson_from_markdown(text, filename)
    assert error.value.field == field


def test_shipped_lessons_load_by_slug_or_number_and_their_presets_exist() -> None:
    lessons = list_lessons()
    assert load_lesson("3") == load_lesson("03-activation-functions") == lessons[2]
    for lesson in lessons:
        assert lesson.load_preset().name == lesson.preset
        assert "# " not in lesson.body.splitlines()[0]
    with pytest.raises(PresetError, match="no such lesson"):
        load_lesson("42")
