"""A weight or a bias set by hand in the live view's editor, checked before it touches the network.

The browser sends `{"action": "weight", "layer", "source", "target", "value"}` (W[source, target]
of dense layer `layer`, counted from 0) or `{"action": "bias", "layer", "target", "value"}`, with
the `network` its frame showed (the page drops an edit made on a network since rebuilt). The
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
    number = finite_number(value.get("value"))
    network = value.get("network")
    if number is None or (network is not None and not _index(network)):
        return None
    edit = {"action": action, **indices, "value": number}
    return edit if network is None else {**edit, "network": network}


def finite_number(value: Any) -> float | None:
    """`value` as a finite float if it is a number (not a bool) that has one, else None: JSON
    from the page may hold an integer too large for a float."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


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
