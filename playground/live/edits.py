"""A weight or a bias set by hand in the live view's editor, checked before it touches the network.

The browser sends `{"action": "weight", "layer", "source", "target", "value"}` (W[source, target]
of dense layer `layer`, counted from 0) or `{"action": "bias", "layer", "target", "value"}`. The
page is not trusted: indices must name a parameter of this network and the value be a finite
number; it is clipped to ±EDIT_LIMIT, beyond which every unit it feeds saturates and training
would only report a divergence.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from playground.core.training import TrainingLoop

EDIT_ACTIONS = ("weight", "bias")
EDIT_LIMIT = 100.0


def parse_edit(value: Mapping[str, Any]) -> dict[str, Any] | None:
    """The edit event's checked fields (without the renderer's "id"), or None if malformed."""
    action = value.get("action")
    if action not in EDIT_ACTIONS:
        return None
    names = ("layer", "source", "target") if action == "weight" else ("layer", "target")
    indices = {name: value.get(name) for name in names}
    if not all(_index(v) for v in indices.values()):
        return None
    number = value.get("value")
    if isinstance(number, bool) or not isinstance(number, (int, float)):
        return None
    if not math.isfinite(number):
        return None
    return {"action": action, **indices, "value": float(number)}


def apply_edit(trainer: TrainingLoop, edit: Mapping[str, Any]) -> bool:
    """Set the parameter `edit` names (clipped to ±EDIT_LIMIT); False if the network has none."""
    layers = trainer.network.params
    layer, target = edit["layer"], edit["target"]
    if layer >= len(layers) or target >= layers[layer]["b"].size:
        return False
    value = min(max(edit["value"], -EDIT_LIMIT), EDIT_LIMIT)
    if edit["action"] == "bias":
        trainer.edit_parameter(layer, "b", (target,), value)
        return True
    if edit["source"] >= layers[layer]["W"].shape[0]:
        return False
    trainer.edit_parameter(layer, "W", (edit["source"], target), value)
    return True


def _index(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
