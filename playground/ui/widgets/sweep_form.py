"""The sweep page's forms: the base configuration, and the fields to sweep with their values.

The base configuration starts from the URL's query parameters if the page was opened with some,
else from this session's playground, else from the defaults; "Load the lesson 9 question" fills
in the lesson's grid of learning rates against batch sizes. Only the settings that matter most are
in the form; everything else (weight initialization, dropout, features, ...) is kept from where the
configuration came from. A swept field's values are typed as text (numbers separated by commas,
networks separated by semicolons) or picked from a list, and `parse_values` says in plain words
what is wrong with a value it cannot read. Widget keys start with `sweep:w:` so the page can keep
their values while the user is on another page; `sweep_form` draws the sweep's part under other
keys too (`SweepKeys`: lesson 9's own sweep is under `lesson9:sweep:w:`), and may offer only some
fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from playground.config import ALL_DATASETS, ConfigError, PlaygroundConfig
from playground.experiments.presets import PresetError, load_preset
from playground.experiments.sweep import SweepAxis
from playground.settings import SETTINGS, Setting, format_layers, parse_layers, plain_number
from playground.ui.widgets.setting_form import changed_config, fill_widgets, shown_values
from playground.ui.widgets.setting_widgets import setting_widget
from playground.ui.widgets.sweep_keys import SWEEP_PAGE, SweepKeys
from playground.ui.workarounds.session_lock import serialized
from playground.viz.sweep_figures import field_title, value_text

PAGE = "sweep"  # the settings table's name for this page (`Setting.pages`)
BASE = "sweep:w:base:"
SOURCE = "sweep:source"
PLAYGROUND_STATE = "live:main"
LESSON_PRESET = "lesson-09-tuning"
NO_FIELD = "none"
MAX_EPOCHS = 2_000


@dataclass(frozen=True)
class SweepField:
    """A field that can be swept: how its values are typed, and a sensible default list."""

    kind: str  # "float", "int", "layers" (typed as text) or "choice" (picked from `choices`)
    default: tuple[Any, ...]
    help: str
    choices: tuple[Any, ...] = ()


def _sweep_field(row: Setting) -> SweepField:
    """How a sweepable row of the settings table is typed in the sweep form."""
    if row.kind in ("choice", "bool"):
        choices = (False, True) if row.kind == "bool" else row.choices
        return SweepField("choice", row.sweep, f"{row.label}s to try.", choices)
    if row.kind == "layers":
        return SweepField(
            "layers",
            row.sweep,
            "Networks separated by semicolons, neurons per layer by commas: 4; 8; 4, 2; 8, 8.",
        )
    unit = "a fraction " if row.percent else ("whole numbers " if row.kind == "int" else "")
    limits = f"{plain_number(row.low)} to {plain_number(row.high)}"
    return SweepField(row.kind, row.sweep, f"{row.help} Values: {unit}from {limits}.")


SWEEP_FIELDS = {name: _sweep_field(row) for name, row in SETTINGS.items() if row.sweep}
NOT_FOR_DIGITS = ("noise", "n_samples")  # the digits are images: no noise, a fixed number
PAIRED_FIELDS = (  # shown two to a row
    "activation", "optimizer", "learning_rate", "batch_size", "regularization",
    "regularization_rate",
)  # fmt: skip
# The base form's fields, in the order it shows them (the others are kept from the source).
BASE_FIELDS = (
    "dataset", "n_classes", *NOT_FOR_DIGITS, "train_ratio", "hidden_layers", *PAIRED_FIELDS,
    "seed",
)  # fmt: skip


@dataclass(frozen=True)
class SweepPlan:
    """What the sweep form asks for; `error` says why it cannot run, `warning` what to check."""

    axes: tuple[SweepAxis, ...]
    epochs: int
    error: str | None = None
    warning: str | None = None

    @property
    def n_cells(self) -> int:
        count = 1
        for axis in self.axes:
            count *= len(axis.values)
        return count


# --- values as text ---------------------------------------------------------------------------
def values_text(name: str, values: tuple[Any, ...]) -> str:
    """A value list as the text the input shows: "0.001, 0.01" or "4; 8; 4, 2"."""
    if SWEEP_FIELDS[name].kind == "layers":
        return "; ".join(format_layers(layers) or "none" for layers in values)
    return ", ".join(value_text(name, v) if isinstance(v, float) else str(v) for v in values)


def parse_values(name: str, text: str) -> tuple[Any, ...]:
    """The values typed for field `name`; ValueError with a plain message when one is unreadable."""
    kind = SWEEP_FIELDS[name].kind
    separator = ";" if kind == "layers" else ","
    items = [item.strip() for item in text.split(separator)]
    if not any(items):
        raise ValueError(f"give at least one value, e.g. {values_text(name, _default(name))}")
    if "" in items:
        raise ValueError(f"there is an empty value between two '{separator}' in “{text.strip()}”")
    return tuple(_parse_one(name, kind, item) for item in items)


def _parse_one(name: str, kind: str, item: str) -> Any:
    example = values_text(name, _default(name))
    if kind == "layers":
        try:
            return parse_layers(item)
        except ValueError:
            raise ValueError(
                f"“{item}” is not a list of whole numbers of neurons; separate the networks "
                f"with semicolons and the layers with commas, e.g. {example}"
            ) from None
    try:
        number = float(item.rstrip("%")) / (100 if item.endswith("%") else 1)
    except ValueError:
        raise ValueError(
            f"“{item}” is not a number; give numbers separated by commas, e.g. {example}"
        ) from None
    if kind == "int":
        if number != int(number):
            raise ValueError(f"“{item}” is not a whole number; e.g. {example}")
        return int(number)
    return number


def _default(name: str) -> tuple[Any, ...]:
    return SWEEP_FIELDS[name].default


# --- where the base configuration comes from --------------------------------------------------
def source_config() -> PlaygroundConfig:
    """The config the form starts from: URL parameters, else the playground's, else defaults."""
    if SOURCE not in st.session_state:
        params = st.query_params.to_dict()
        config = PlaygroundConfig()
        if any(name in params for name in PlaygroundConfig.__dataclass_fields__):
            config, warnings = PlaygroundConfig.from_query_params(params)
            st.session_state["sweep:url_warnings"] = warnings
        elif PLAYGROUND_STATE in st.session_state:
            config = st.session_state[PLAYGROUND_STATE].config
        st.session_state[SOURCE] = config
        _fill_form(config, overwrite=False)
    for warning in st.session_state.get("sweep:url_warnings", []):
        st.warning(warning, icon=":material/link_off:")
    return st.session_state[SOURCE]


def _fill_form(config: PlaygroundConfig, overwrite: bool = True) -> None:
    fill_widgets("", base_widget_values(config), overwrite)


def base_widget_values(config: PlaygroundConfig) -> dict[str, Any]:
    """{widget key: value} of the base form showing `config`."""
    return {BASE + name: value for name, value in shown_values(config, BASE_FIELDS, PAGE).items()}


def sweep_widget_values(
    axes: tuple[SweepAxis, ...], epochs: int, keys: SweepKeys = SWEEP_PAGE
) -> dict[str, Any]:
    """{widget key: value} of the sweep form (under `keys`) asking for `axes` and `epochs`."""
    values = {
        keys.widget + "x_field": axes[0].field,
        keys.widget + "y_field": axes[1].field if len(axes) > 1 else NO_FIELD,
        keys.widget + "epochs": epochs,
    }
    for axis in axes:
        values[keys.values(axis.field)] = _widget_value(axis.field, axis.values)
    return values


@serialized
def _load_lesson() -> None:
    try:
        preset = load_preset(LESSON_PRESET)
    except PresetError as error:
        st.session_state["sweep:load_error"] = f"The lesson 9 question could not be loaded: {error}"
        return
    st.session_state[SOURCE] = preset.config
    _fill_form(preset.config)
    if preset.sweep is not None:
        fill_widgets("", sweep_widget_values(preset.sweep.axes, preset.sweep.epochs), True)


@serialized
def _load_playground() -> None:
    if PLAYGROUND_STATE in st.session_state:
        config = st.session_state[PLAYGROUND_STATE].config
        st.session_state[SOURCE] = config
        _fill_form(config)


def hand_over(base: PlaygroundConfig, axes: tuple[SweepAxis, ...], epochs: int) -> None:
    """Make the sweep page open on `base` and this grid the next time it runs (lesson 9's
    "open in the sweep page"): its source, and its widget values as if it had saved them."""
    values = {**base_widget_values(base), **sweep_widget_values(axes, epochs)}
    for key in values:
        st.session_state.pop(key, None)  # the page restores a saved value only where none is
    saved = st.session_state.get(SWEEP_PAGE.saved, {})
    st.session_state[SWEEP_PAGE.saved] = {**saved, **values}
    st.session_state[SOURCE] = base
    st.session_state.pop("sweep:url_warnings", None)


def _widget_value(name: str, values: tuple[Any, ...]) -> Any:
    return list(values) if SWEEP_FIELDS[name].kind == "choice" else values_text(name, values)


# --- the base configuration form --------------------------------------------------------------
def base_form(source: PlaygroundConfig) -> PlaygroundConfig | None:
    """The sidebar form; the base config it describes, or None (with a message) if invalid."""
    k = lambda name: BASE + name  # noqa: E731
    st.subheader("Base configuration", help="What every cell trains, before the swept changes.")
    st.button(
        "Load the lesson 9 question",
        key="sweep:btn:lesson",
        icon=":material/school:",
        on_click=_load_lesson,
        width="stretch",
        help="Circle data with 10 % noise: learning rate against batch size, 50 epochs a cell.",
    )
    if PLAYGROUND_STATE in st.session_state:
        st.button(
            "Use the playground's settings",
            key="sweep:btn:playground",
            icon=":material/hub:",
            on_click=_load_playground,
            width="stretch",
            help="Start from the configuration the playground page has now.",
        )
    if error := st.session_state.pop("sweep:load_error", None):
        st.error(error)
    dataset = setting_widget("dataset", k("dataset"), page=PAGE)
    for name in _data_fields(dataset):
        setting_widget(name, k(name), page=PAGE)
    setting_widget("hidden_layers", k("hidden_layers"), page=PAGE, placeholder="e.g. 4, 2")
    left, right = st.columns(2)
    for index, name in enumerate(PAIRED_FIELDS):
        setting_widget(name, k(name), (left, right)[index % 2], page=PAGE)
    setting_widget("seed", k("seed"), page=PAGE)
    st.caption(
        "Other settings (input features, weight initialization, dropout, schedule …) are kept "
        "from the configuration the form was loaded from."
    )
    try:
        return _base_config(source)
    except (ConfigError, ValueError) as error:
        st.error(f"Base configuration: {error}", icon=":material/error:")
        return None


def _data_fields(dataset: str) -> tuple[str, ...]:
    """The data settings the form offers for `dataset`."""
    names = ("n_classes",) if dataset == "blobs" else ()
    names += () if dataset == "digits" else NOT_FOR_DIGITS
    return (*names, "train_ratio")


def _base_config(source: PlaygroundConfig) -> PlaygroundConfig:
    """The source config with what the form changed (`config.replace(**changed)`)."""
    dataset = st.session_state[BASE + "dataset"]
    names = [n for n in BASE_FIELDS if dataset != "digits" or n not in NOT_FOR_DIGITS]
    # The problem and its loss follow the dataset.
    follow = {"problem": ALL_DATASETS[dataset], "loss": None} if dataset != source.dataset else {}
    return changed_config(BASE, source, names, PAGE, **follow)


# --- the sweep form ---------------------------------------------------------------------------
def sweep_form(
    base: PlaygroundConfig,
    disabled: bool = False,
    keys: SweepKeys = SWEEP_PAGE,
    fields: tuple[str, ...] | None = None,
) -> SweepPlan:
    """Fields, values and epochs, under `keys`, offering the sweepable `fields` (default all);
    the plan they describe (with a message if it cannot run)."""
    names = [n for n in SWEEP_FIELDS if base.dataset != "digits" or n not in NOT_FOR_DIGITS]
    names = [n for n in names if fields is None or n in fields]
    x_key, y_key, epochs_key = (keys.widget + name for name in ("x_field", "y_field", "epochs"))
    st.session_state.setdefault(x_key, "learning_rate")
    st.session_state.setdefault(y_key, "batch_size")
    st.session_state.setdefault(epochs_key, 50)
    for key, options in ((x_key, names), (y_key, [NO_FIELD, *names])):
        if st.session_state[key] not in options:
            st.session_state[key] = options[0]
    title = lambda n: "— none —" if n == NO_FIELD else field_title(n).capitalize()  # noqa: E731
    across, up, epochs_column = st.columns([2, 2, 1])
    with across:
        x_field = st.selectbox(
            "Across: the first field", names, key=x_key, format_func=title,
            disabled=disabled, help="The setting that changes from column to column.",
        )  # fmt: skip
        x_values = _values_widget(x_field, disabled, keys)
    with up:
        y_field = st.selectbox(
            "Up: a second field (optional)", [NO_FIELD, *names], key=y_key,
            format_func=title, disabled=disabled,
            help="The setting that changes from row to row; none for a single row.",
        )  # fmt: skip
        y_values = (
            _values_widget(y_field, disabled, keys) if y_field not in (NO_FIELD, x_field) else ()
        )
    epochs = epochs_column.number_input(
        "Epochs per cell", 1, 100_000, key=epochs_key, disabled=disabled,
        help=f"How long every cell trains (at most {MAX_EPOCHS:,}).",
    )  # fmt: skip
    axes = [(x_field, x_values)] + ([(y_field, y_values)] if y_field != NO_FIELD else [])
    plan_axes = tuple(SweepAxis(f, v) for f, v in axes if isinstance(v, tuple))
    for name, values in axes:
        if isinstance(values, str):
            return SweepPlan(plan_axes, epochs, error=f"**{title(name)}**: {values}.")
    if y_field == x_field:
        message = "Choose two different fields, or none as the second."
        return SweepPlan(plan_axes, epochs, error=message)
    if epochs > MAX_EPOCHS:
        message = f"{epochs:,} epochs per cell is too many; at most {MAX_EPOCHS:,}."
        return SweepPlan(plan_axes, epochs, error=message)
    return SweepPlan(plan_axes, epochs, warning=_warning(base, [f for f, _ in axes]))


def _values_widget(name: str, disabled: bool, keys: SweepKeys) -> tuple[Any, ...] | str:
    """The values of one swept field, or a message saying what is wrong with them."""
    spec = SWEEP_FIELDS[name]
    key = keys.values(name)
    st.session_state.setdefault(key, _widget_value(name, spec.default))
    if spec.kind == "choice":
        chosen = st.multiselect(
            f"{field_title(name).capitalize()}: values", list(spec.choices), key=key,
            format_func=lambda v: _choice_title(name, v),
            disabled=disabled, help=spec.help,
        )  # fmt: skip
        if not chosen:
            return "choose at least one value"
        return tuple(v for v in spec.choices if v in chosen)
    text = st.text_input(
        f"{field_title(name).capitalize()}: values", key=key, disabled=disabled,
        help=spec.help + " Press Enter to apply.",
    )  # fmt: skip
    try:
        return parse_values(name, text)
    except ValueError as error:
        return str(error)


def _choice_title(name: str, value: Any) -> str:
    return value_text(name, value) if isinstance(value, bool) else SETTINGS[name].title(value)


def _warning(base: PlaygroundConfig, fields: list[str]) -> str | None:
    rate_only = "regularization_rate" in fields and "regularization" not in fields
    if rate_only and base.regularization == "none":
        return (
            "Regularization is None in the base configuration, so the regularization rate "
            "changes nothing: choose L1 or L2 in the sidebar."
        )
    return None
