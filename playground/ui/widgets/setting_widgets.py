"""Widgets drawn from the settings table: one function shows any config field as its widget.

`setting_widget(name, key)` draws the widget the field's row in `playground.settings.SETTINGS`
asks for (a select of its options, a slider over its widget range, a number input, a toggle, a
radio, a text input of hidden layers or pills of the input features), with the row's label, help
and titles; `setting_widget(name, key, page="digits")` draws it as that page offers it (the row's
`pages` entry). `to_widget` and `from_widget` convert between a config value and what the widget
holds (a fraction and its whole percentage, layers and their text, features and a list of them),
so the pages never write a range, an option list or a conversion of their own.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from playground.settings import SETTINGS, Setting, format_layers, parse_layers, per_layer


def to_widget(name: str, value: Any, page: str | None = None) -> Any:
    """The widget value that shows the config value `value` of field `name` (on `page`)."""
    setting = SETTINGS[name].on(page)
    if setting.widget == "text":
        return format_layers(value)
    if setting.widget == "pills":
        return list(value)
    return round(value * 100) if setting.percent else value


def from_widget(name: str, value: Any, page: str | None = None) -> Any:
    """The config value a widget of field `name` (on `page`) holds; ValueError if none."""
    setting = SETTINGS[name].on(page)
    if setting.widget == "text":
        return parse_layers(value)
    if setting.widget == "pills":  # the chosen names in the row's order
        return tuple(name for name in setting.choices if name in (value or ()))
    return value / 100 if setting.percent else value


def options_with(options: tuple | list, current: Any, last: bool = False) -> list:
    """A select's options, with the current value added when it is not one of them: in order,
    or at the end when `last`."""
    options = list(options)
    if current is None or current in options:
        return options
    return [*options, current] if last else sorted([*options, current])


def setting_widget(
    name: str,
    key: str,
    container=st,
    page: str | None = None,
    *,
    unlisted_last: bool = False,
    **overrides: Any,
) -> Any:
    """Draw field `name`'s widget (as `page` offers it) under `key` in `container`; its value.

    The widget's value lives in `st.session_state[key]` (the page fills it from the config); a
    select lists a value that is not one of its options (a per-layer tuple, a number from a URL)
    in order, or last when `unlisted_last`. `overrides` go to the Streamlit call (width,
    on_change, label_visibility, ...).
    """
    setting = SETTINGS[name].on(page)
    options = {"key": key, "help": setting.help, **overrides}
    if setting.widget == "select":
        return _select(container, setting, options, unlisted_last)
    return WIDGETS[setting.widget](container, setting, options)


def _select(container, setting: Setting, options: dict, unlisted_last: bool = False) -> Any:
    current = st.session_state.get(options["key"])
    choices = options_with(setting.options, current, last=unlisted_last)
    title = per_layer(setting.title)
    return container.selectbox(setting.label, choices, format_func=title, **options)


def _radio(container, setting: Setting, options: dict) -> Any:
    options.setdefault("horizontal", True)
    return container.radio(setting.label, setting.options, format_func=setting.title, **options)


def _select_slider(container, setting: Setting, options: dict) -> Any:
    choices = options_with(setting.options, st.session_state.get(options["key"]))
    return container.select_slider(setting.label, choices, format_func=setting.title, **options)


def _slider(container, setting: Setting, options: dict) -> Any:
    low, high = setting.slider_range
    if setting.step is not None:
        options.setdefault("step", setting.step)
    if setting.number_format:
        options.setdefault("format", setting.number_format)
    return container.slider(setting.label, low, high, **options)


def _number(container, setting: Setting, options: dict) -> Any:
    low, high = setting.slider_range
    if setting.step is not None:
        options.setdefault("step", setting.step)
    return container.number_input(setting.label, int(low), int(high), **options)


def _toggle(container, setting: Setting, options: dict) -> Any:
    return container.toggle(setting.label, **options)


def _text(container, setting: Setting, options: dict) -> Any:
    if setting.placeholder:
        options.setdefault("placeholder", setting.placeholder)
    return container.text_input(setting.label, **options)


def _pills(container, setting: Setting, options: dict) -> Any:
    """Any of the row's choices (input features), each a pill that is on or off."""
    return container.pills(
        setting.label, setting.choices, selection_mode="multi", format_func=setting.title, **options
    )


WIDGETS = {
    "select": _select,
    "radio": _radio,
    "select_slider": _select_slider,
    "slider": _slider,
    "number": _number,
    "toggle": _toggle,
    "text": _text,
    "pills": _pills,
}
