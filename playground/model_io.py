"""Saving and loading a trained model: a JSON file for the config, an `.npz` file for the numbers.

The JSON holds the playground config, the input features and the output kind, so the same network
can be built again; the `.npz` holds the flat parameter vector and batch norm's running statistics
and is read with `allow_pickle=False` — a model file can never run code. A loaded model predicts
exactly what the saved one did. The bytes functions serve the app's downloads and uploads; the
path functions write `<stem>.json` and `<stem>.npz`.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from playground.config import PlaygroundConfig
from playground.core.network import Network
from playground.trainer import Trainer, build_network

FORMAT = "nn-playground-model"
VERSION = 1


@dataclass
class LoadedModel:
    """A network rebuilt from files, with the config and features it was trained with."""

    config: PlaygroundConfig
    network: Network
    feature_names: tuple[str, ...]
    n_classes: int


class ModelFileError(ValueError):
    """A model file is not one this playground wrote, or does not match its weights."""


def model_to_bytes(trainer: Trainer) -> tuple[bytes, bytes]:
    """(JSON bytes, NPZ bytes) describing the trainer's current network."""
    meta = {
        "format": FORMAT,
        "version": VERSION,
        "config": trainer.config.to_dict(),
        "feature_names": list(trainer.data.feature_names),
        "n_classes": trainer.data.n_classes,
        "epoch": trainer.epoch,
    }
    buffer = io.BytesIO()
    np.savez(buffer, **trainer.network.get_state())
    return json.dumps(meta, indent=2).encode(), buffer.getvalue()


def model_from_bytes(json_bytes: bytes, npz_bytes: bytes) -> LoadedModel:
    """The model two `model_to_bytes` outputs describe; ModelFileError if they do not fit."""
    try:
        meta = json.loads(json_bytes.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ModelFileError(f"the model description is not valid JSON ({error})") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ModelFileError("this JSON file is not a playground model description")
    try:
        config = PlaygroundConfig.from_dict(meta["config"])
        feature_names = tuple(meta["feature_names"])
        n_classes = int(meta["n_classes"])
    except (KeyError, TypeError, ValueError) as error:
        raise ModelFileError(f"the model description is incomplete or invalid: {error}") from None
    network = build_network(config, len(feature_names), n_classes)
    try:
        with np.load(io.BytesIO(npz_bytes), allow_pickle=False) as archive:
            state = {name: archive[name] for name in archive.files}
        network.set_state(state)
    except (OSError, ValueError, KeyError) as error:
        raise ModelFileError(f"the weights file does not fit this model: {error}") from None
    return LoadedModel(config, network, feature_names, n_classes)


def save_model(trainer: Trainer, stem: str | Path) -> tuple[Path, Path]:
    """Write `<stem>.json` and `<stem>.npz`; returns both paths."""
    json_bytes, npz_bytes = model_to_bytes(trainer)
    json_path, npz_path = Path(f"{stem}.json"), Path(f"{stem}.npz")
    json_path.write_bytes(json_bytes)
    npz_path.write_bytes(npz_bytes)
    return json_path, npz_path


def load_model(stem: str | Path) -> LoadedModel:
    """Read what `save_model` wrote."""
    return model_from_bytes(Path(f"{stem}.json").read_bytes(), Path(f"{stem}.npz").read_bytes())


def trainer_from_model(model: LoadedModel, data=None) -> Trainer:
    """A trainer for the model's config (its data regenerated, or `data`) holding its weights."""
    trainer = Trainer(model.config, data=data)
    trainer.network.set_state(model.network.get_state())
    return trainer
