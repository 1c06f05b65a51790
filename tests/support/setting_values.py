"""Values for a row of the settings table: one other than the default, one the row refuses."""

from __future__ import annotations

from playground.config import PlaygroundConfig
from playground.settings import Setting

DEFAULT = PlaygroundConfig()


def other_value(setting: Setting):
    """A valid value of the field that differs from the default."""
    default = getattr(DEFAULT, setting.name)
    if setting.kind == "choice":
        return next(c for c in setting.choices if c != default)
    if setting.kind == "bool":
        return not default
    if setting.kind == "layers":
        return (3, 5)
    if setting.kind == "features":
        return ("x1", "sin_x2")
    if setting.kind == "int":
        return setting.high if default != setting.high else setting.low
    middle = (setting.low + setting.high) / 2
    return middle if middle != default else setting.low


def bad_value(setting: Setting):
    return {
        "choice": "nonsense",
        "bool": "maybe",
        "layers": (0,),
        "features": ("x9",),
        "int": (setting.high or 0) + 1,
        "float": (setting.high or 0) * 2 + 1,
    }[setting.kind]
