"""Exported scripts under test: the setups they are made from, writing and importing them, and
the checks that a script predicts what the playground predicts (tests/unit/test_export_*.py)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from playground import PlaygroundConfig, Trainer
from playground.data import FEATURES
from playground.export import points_csv, pytorch_script, weights_npz
from playground.model_io import save_model

SMALL = dict(n_samples=200, seed=3)

PREDICTION_CONFIGS = {
    "binary_tanh": PlaygroundConfig(dataset="circle", hidden_layers=(4, 2), **SMALL),
    "relu_batch_norm_dropout": PlaygroundConfig(
        dataset="xor",
        hidden_layers=(6, 4),
        activation="relu",
        batch_norm=True,
        dropout=0.2,
        **SMALL,
    ),
    "multiclass_softmax": PlaygroundConfig(
        dataset="blobs", n_classes=4, hidden_layers=(5,), activation="leaky_relu", **SMALL
    ),
    "regression": PlaygroundConfig(
        dataset="multi_gauss", hidden_layers=(8, 8), activation=("elu", "swish"), **SMALL
    ),
    "all_features": PlaygroundConfig(
        dataset="spiral",
        features=tuple(FEATURES),
        hidden_layers=(6,),
        activation="softplus",
        optimizer="adam",
        regularization="l2",
        regularization_rate=0.001,
        **SMALL,
    ),
    "no_hidden_layer": PlaygroundConfig(
        dataset="gauss", hidden_layers=(), features=("x1", "x2", "x1x2"), **SMALL
    ),
    "skip_connections": PlaygroundConfig(  # skips around the 2nd and 4th hidden layers
        dataset="spiral",
        hidden_layers=(5, 5, 3, 3),
        batch_norm=True,
        dropout=0.1,
        skip_connections=True,
        **SMALL,
    ),
    "sigmoid_squared_error": PlaygroundConfig(
        dataset="moons",
        hidden_layers=(3,),
        activation="sigmoid",
        loss="squared_error",
        optimizer="rmsprop",
        regularization="l1",
        regularization_rate=0.001,
        **SMALL,
    ),
}


def trained(config: PlaygroundConfig, epochs: int = 3) -> Trainer:
    trainer = Trainer(config)
    trainer.run_epochs(epochs)
    return trainer


def write_export(trainer: Trainer, folder: Path) -> Path:
    """The PyTorch script with model.npz, weights.npz and points.csv beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    save_model(trainer, folder / "model")
    (folder / "weights.npz").write_bytes(weights_npz(trainer))
    (folder / "points.csv").write_text(points_csv(trainer))
    script = folder / "playground_pytorch.py"
    script.write_text(pytorch_script(trainer))
    return script


def import_script(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"exported_{path.parent.name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def loaded_model(script: ModuleType, weights: Path):
    model = script.build_model()
    script.load_weights(model, script.read_weights(weights))
    return model


def probe_points(trainer: Trainer) -> np.ndarray:
    grid = np.stack(np.meshgrid(np.linspace(-6, 6, 21), np.linspace(-6, 6, 21)), -1)
    return np.vstack([grid.reshape(-1, 2), trainer.data.x_test])


def assert_predicts_like_the_playground(
    script: ModuleType, trainer: Trainer, folder: Path, atol: float = 1e-9
) -> None:
    """Predictions, losses and metrics of the exported script, from both weight files."""
    points = probe_points(trainer)
    expected = trainer.predict_points(points)
    for weights in ("model.npz", "weights.npz"):
        model = loaded_model(script, folder / weights)
        np.testing.assert_allclose(script.predict(model, points), expected, rtol=0, atol=atol)
    record = trainer.evaluate()
    for split, points, labels in (
        ("train", trainer.data.x_train, trainer.data.y_train),
        ("test", trainer.data.x_test, trainer.data.y_test),
    ):
        z = script.logits(model, points)
        assert script.mean_loss(z, labels) == pytest.approx(record[f"{split}_loss"], abs=atol)
        metric = script.metric(script.output_from_logits(z), labels)
        assert metric == pytest.approx(record[f"{split}_{trainer.metric_name}"], abs=atol)


def assert_runs_as_a_command(
    script: Path, trainer: Trainer, env: dict[str, str], atol: float = 1e-9
) -> None:
    folder = script.parent
    points = probe_points(trainer)
    np.savetxt(folder / "mine.csv", points, delimiter=",", header="x1,x2", comments="")
    command = [sys.executable, str(script), "--predict", "mine.csv", "--out", "out.csv"]
    done = subprocess.run(
        command, cwd=folder, capture_output=True, text=True, timeout=180, env={**os.environ, **env}
    )
    assert done.returncode == 0, done.stderr
    for line in done.stdout.splitlines()[:2]:  # "train: loss a, accuracy b (playground: ...)"
        ours, theirs = line.split(" (playground: ")
        assert ours.split(": ", 1)[1] == theirs.rstrip(")"), line
    predictions = np.loadtxt(folder / "out.csv", delimiter=",", skiprows=1)
    np.testing.assert_allclose(predictions[:, :2], points, rtol=0, atol=0)
    expected = trainer.predict_points(points)[:, 0]
    np.testing.assert_allclose(predictions[:, 2], expected, rtol=0, atol=atol)
