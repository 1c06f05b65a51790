"""Presets and lessons: ready-made playground setups stored as JSON, and the lessons that use them.

A preset is a small JSON file in `assets/presets/` that anyone can add: a name (the file's stem), a
title, a one-paragraph description and a `config` — any subset of `PlaygroundConfig.to_dict()`, the
rest taking the defaults. Optional keys: `hidden_controls` (config field names the page should not
show) and `hidden_panels` (names of view panels to hide), `compare` (two sets of overrides `a` and
`b`, each with an optional `label`, for a lesson that contrasts two settings side by side, and
an optional `baseline` label when the lesson runs the preset itself first),
`epochs` (how long the lesson means you to train), `sweep` (a grid for the tuning lesson) and
`data` (a dataset that is not points in the plane: "digits"; the config's dataset becomes that
name, and a config naming "digits" sets `data`). Every config is validated through
`PlaygroundConfig.from_dict`, and a bad preset raises `PresetError` naming the file and the field.
A lesson is a markdown file in `assets/lessons/` with a short front matter (`title`, `preset`)
followed by its text; `list_lessons` returns them in order.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from pathlib import Path
from typing import Any

from playground.config import FIELD_NAMES, ConfigError, PlaygroundConfig
from playground.data.dataset import Dataset
from playground.experiments.sweep import SweepAxis

ASSETS = Path(__file__).resolve().parents[2] / "assets"
PRESETS_DIR = ASSETS / "presets"
LESSONS_DIR = ASSETS / "lessons"
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
REQUIRED_KEYS = ("name", "title", "description", "config")
OPTIONAL_KEYS = ("hidden_controls", "hidden_panels", "compare", "epochs", "sweep", "data")
EXTERNAL_DATASETS = ("digits",)
SWEEP_KEYS = ("x", "y", "epochs")


class PresetError(ValueError):
    """A preset or lesson file is not valid; the message names the file and the field."""

    def __init__(self, source: str, field: str, message: str):
        super().__init__(f"{source}: {field}: {message}")
        self.source, self.field = source, field


@dataclasses.dataclass(frozen=True)
class SweepSpec:
    """A preset's sweep: one or two axes and the epochs each cell trains."""

    axes: tuple[SweepAxis, ...]
    epochs: int


@dataclasses.dataclass(frozen=True)
class Preset:
    """A validated preset; `config` is the full config, `compare` the two contrasted configs."""

    name: str
    title: str
    description: str
    config: PlaygroundConfig
    hidden_controls: tuple[str, ...] = ()
    hidden_panels: tuple[str, ...] = ()
    compare: tuple[PlaygroundConfig, PlaygroundConfig] | None = None
    compare_labels: tuple[str, str] = ("A", "B")
    baseline: str | None = None  # the label of the preset itself, when a lesson runs it first
    epochs: int | None = None
    sweep: SweepSpec | None = None
    data: str | None = None
    source: str = "<text>"

    @property
    def settings(self) -> tuple[tuple[str, PlaygroundConfig], ...]:
        """The settings a lesson's switch offers, as (label, config): the preset itself first
        when the lesson runs it as a baseline, then A and B; none without `compare`."""
        if self.compare is None:
            return ()
        sides = tuple(zip(self.compare_labels, self.compare, strict=True))
        return ((self.baseline, self.config), *sides) if self.baseline else sides

    def dataset(self) -> Dataset | None:
        """The dataset to pass as `Trainer(config, data=...)`, or None for generated data.

        `config.dataset` names it too (`data: "digits"` makes the config's dataset "digits"),
        so `Trainer(preset.config)` alone trains on the same images.
        """
        return external_dataset(self.data, self.config) if self.data else None


def external_dataset(name: str, config: PlaygroundConfig) -> Dataset:
    """A dataset the config cannot name, split with the config's train ratio and seed."""
    if name == "digits":
        from playground.data.digits import load_digits_dataset

        return load_digits_dataset(config.train_ratio, config.seed)
    raise ValueError(f"unknown dataset {name!r}; choose one of: {', '.join(EXTERNAL_DATASETS)}")


# --- reading presets --------------------------------------------------------------------------
def preset_from_json(text: str, source: str = "<text>") -> Preset:
    """Parse and validate a preset's JSON text; `source` names it in error messages."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise PresetError(source, "json", f"not valid JSON: {error}") from None
    if not isinstance(raw, dict):
        raise PresetError(source, "json", "a preset must be a JSON object")
    return preset_from_dict(raw, source)


def preset_from_dict(raw: dict[str, Any], source: str = "<dict>") -> Preset:
    """Validate a preset given as a dict (parsed JSON)."""
    unknown = sorted(set(raw) - set(REQUIRED_KEYS) - set(OPTIONAL_KEYS))
    if unknown:
        allowed = ", ".join(REQUIRED_KEYS + OPTIONAL_KEYS)
        raise PresetError(source, unknown[0], f"unknown key; allowed keys: {allowed}")
    for key in REQUIRED_KEYS:
        if key not in raw:
            raise PresetError(source, key, "missing")
    name = _text(raw, "name", source)
    if not NAME_PATTERN.match(name):
        raise PresetError(source, "name", "use lowercase letters, digits, '-' and '_' only")
    data, config_values = _data(raw, source)
    config = _config(config_values, "config", source)
    labels, compare, baseline = _compare(raw.get("compare"), config_values, source)
    return Preset(
        name=name,
        title=_text(raw, "title", source),
        description=_text(raw, "description", source),
        config=config,
        hidden_controls=_names(raw.get("hidden_controls", []), "hidden_controls", source),
        hidden_panels=_names(raw.get("hidden_panels", []), "hidden_panels", source),
        compare=compare,
        compare_labels=labels,
        baseline=baseline,
        epochs=_epochs(raw.get("epochs"), "epochs", source),
        sweep=_sweep(raw.get("sweep"), config, source),
        data=data,
        source=source,
    )


def load_preset(name: str, directory: Path | None = None) -> Preset:
    """The preset `<directory>/<name>.json` (default `assets/presets/`), validated."""
    if not NAME_PATTERN.match(name):
        raise PresetError(name, "name", "use lowercase letters, digits, '-' and '_' only")
    path = (directory or PRESETS_DIR) / f"{name}.json"
    if not path.is_file():
        known = ", ".join(preset_names(directory)) or "none"
        raise PresetError(path.name, "name", f"no preset called {name!r}; known presets: {known}")
    return _read_preset(path)


def preset_names(directory: Path | None = None) -> list[str]:
    """The names of the presets in `directory`, sorted."""
    return sorted(path.stem for path in (directory or PRESETS_DIR).glob("*.json"))


def list_presets(directory: Path | None = None) -> list[Preset]:
    """Every preset in `directory` (default `assets/presets/`), sorted by name."""
    return [_read_preset(path) for path in sorted((directory or PRESETS_DIR).glob("*.json"))]


def _read_preset(path: Path) -> Preset:
    """The preset in `path`, parsed once per version of the file (the playground lists the
    presets in every page run)."""
    return _parse_preset(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=256)
def _parse_preset(path: Path, _version: int) -> Preset:
    preset = preset_from_json(path.read_text(encoding="utf-8"), source=path.name)
    if preset.name != path.stem:
        raise PresetError(path.name, "name", f"{preset.name!r} must match the file name")
    return preset


def _data(raw: dict[str, Any], source: str) -> tuple[str | None, dict[str, Any]]:
    """The preset's external dataset (or None) and its config values naming that dataset, so
    that whoever builds a Trainer from `preset.config` trains on it (lesson 10's digits were
    the circle, the config's default, wherever only the config was read)."""
    values = _mapping(raw["config"], "config", source)
    data = raw.get("data")
    if data is None:
        named = values.get("dataset")
        return (named if named in EXTERNAL_DATASETS else None), values
    if data not in EXTERNAL_DATASETS:
        raise PresetError(source, "data", f"{data!r} is not one of: {', '.join(EXTERNAL_DATASETS)}")
    if values.get("dataset", data) != data:
        message = f"the preset trains on {data!r} (its 'data'): leave this out or say {data!r}"
        raise PresetError(source, "config.dataset", message)
    return data, {**values, "dataset": data}


def _config(values: dict[str, Any], field: str, source: str) -> PlaygroundConfig:
    try:
        return PlaygroundConfig.from_dict(values)
    except ConfigError as error:
        raise PresetError(source, f"{field}.{error.field}", str(error).split(": ", 1)[1]) from None
    except TypeError as error:
        raise PresetError(source, field, str(error)) from None


def _compare(
    raw: Any, base: dict[str, Any], source: str
) -> tuple[tuple[str, str], tuple[PlaygroundConfig, PlaygroundConfig] | None, str | None]:
    if raw is None:
        return ("A", "B"), None, None
    raw = dict(_mapping(raw, "compare", source))
    baseline = raw.pop("baseline", None)
    if baseline is not None and not (isinstance(baseline, str) and baseline.strip()):
        raise PresetError(source, "compare.baseline", "must be text (the preset's own label)")
    if sorted(raw) != ["a", "b"]:
        raise PresetError(source, "compare", "give exactly two sides, 'a' and 'b'")
    labels, configs = [], []
    for side in ("a", "b"):
        overrides = dict(_mapping(raw[side], f"compare.{side}", source))
        label = overrides.pop("label", side.upper())
        if not isinstance(label, str):
            raise PresetError(source, f"compare.{side}.label", "must be text")
        labels.append(label)
        configs.append(_config({**base, **overrides}, f"compare.{side}", source))
    return (labels[0], labels[1]), (configs[0], configs[1]), baseline


def _sweep(raw: Any, config: PlaygroundConfig, source: str) -> SweepSpec | None:
    if raw is None:
        return None
    raw = _mapping(raw, "sweep", source)
    unknown = sorted(set(raw) - set(SWEEP_KEYS))
    if unknown or "x" not in raw or "epochs" not in raw:
        raise PresetError(source, "sweep", "give 'x', optionally 'y', and 'epochs'")
    axes = []
    for key in ("x", "y"):
        if key not in raw:
            continue
        axis = _mapping(raw[key], f"sweep.{key}", source)
        field, values = axis.get("field"), axis.get("values")
        if field not in FIELD_NAMES:
            raise PresetError(source, f"sweep.{key}.field", f"{field!r} is not a config field")
        if not isinstance(values, list) or not values:
            raise PresetError(source, f"sweep.{key}.values", "must be a non-empty list")
        for value in values:
            _config({**config.to_dict(), field: value}, f"sweep.{key}.values", source)
        axes.append(SweepAxis(field, tuple(tuple(v) if isinstance(v, list) else v for v in values)))
    return SweepSpec(tuple(axes), _epochs(raw["epochs"], "sweep.epochs", source) or 1)


def _mapping(value: Any, field: str, source: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise PresetError(source, field, "must be a JSON object")
    return value


def _text(raw: dict[str, Any], key: str, source: str) -> str:
    value = raw[key]
    if not isinstance(value, str) or not value.strip():
        raise PresetError(source, key, "must be non-empty text")
    return value.strip()


def _names(value: Any, field: str, source: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise PresetError(source, field, "must be a list of names")
    if field == "hidden_controls":
        for item in value:
            if item not in FIELD_NAMES:
                raise PresetError(source, field, f"{item!r} is not a config field")
    return tuple(value)


def _epochs(value: Any, field: str, source: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 100_000:
        raise PresetError(source, field, f"must be a whole number from 1 to 100000, got {value!r}")
    return value


# --- lessons ----------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True)
class Lesson:
    """A lesson: its number and slug (from the file name), title, preset name and markdown."""

    number: int
    slug: str
    title: str
    preset: str
    body: str

    def sections(self) -> dict[str, str]:
        """The body split at its `## ` headings: heading -> text (the intro under "")."""
        parts: dict[str, str] = {}
        heading, lines = "", []
        for line in self.body.splitlines():
            if line.startswith("## "):
                parts[heading] = "\n".join(lines).strip()
                heading, lines = line[3:].strip(), []
            else:
                lines.append(line)
        parts[heading] = "\n".join(lines).strip()
        return parts

    def load_preset(self) -> Preset:
        """The preset this lesson trains."""
        return load_preset(self.preset)


def lesson_from_markdown(text: str, filename: str) -> Lesson:
    """Parse a lesson file `NN-slug.md`: front matter between `---` lines, then markdown."""
    match = re.match(r"^(\d+)-([a-z0-9-]+)\.md$", filename)
    if not match:
        raise PresetError(filename, "file name", "lesson files are named like 01-single-neuron.md")
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---" or "---" not in (s.strip() for s in lines[1:]):
        raise PresetError(filename, "front matter", "start with '---', 'title: ...', 'preset: ...'")
    end = 1 + [s.strip() for s in lines[1:]].index("---")
    meta = dict(line.split(":", 1) for line in lines[1:end] if ":" in line)
    meta = {key.strip(): value.strip() for key, value in meta.items()}
    for key in ("title", "preset"):
        if not meta.get(key):
            raise PresetError(filename, key, "missing from the front matter")
    return Lesson(
        number=int(match.group(1)),
        slug=f"{match.group(1)}-{match.group(2)}",
        title=meta["title"],
        preset=meta["preset"],
        body="\n".join(lines[end + 1 :]).strip() + "\n",
    )


def list_lessons(directory: Path | None = None) -> list[Lesson]:
    """Every lesson in `directory` (default `assets/lessons/`), in lesson order."""
    paths = sorted((directory or LESSONS_DIR).glob("*.md"))
    lessons = [lesson_from_markdown(p.read_text(encoding="utf-8"), p.name) for p in paths]
    return sorted(lessons, key=lambda lesson: lesson.number)


def load_lesson(slug: str, directory: Path | None = None) -> Lesson:
    """The lesson with this slug ("03-activation-functions") or number ("3")."""
    for lesson in list_lessons(directory):
        if slug in (lesson.slug, str(lesson.number), f"{lesson.number:02d}"):
            return lesson
    raise PresetError(slug, "lesson", "no such lesson")
