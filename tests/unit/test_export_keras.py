"""Exported Keras script: run on Keras 3's PyTorch backend, and read.

The script is imported and run as a command with `KERAS_BACKEND=torch` (the same local torch
wheel as the PyTorch export's tests; they skip where Keras or torch is missing) and must give the
playground's predictions, losses and metrics — to 1e-6, not the PyTorch script's 1e-9: Keras 3
multiplies matrices in float32 whatever the layers' dtype — and train on and save. Its layers are
also read from its syntax tree and compared with the network's.
"""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest
from support.exported_scripts import (
    PREDICTION_CONFIGS,
    assert_predicts_like_the_playground,
    assert_runs_as_a_command,
    import_script,
    loaded_model,
    trained,
    write_export,
)

from playground import Trainer
from playground.export import keras_script

KERAS_MISSING = "Keras 3 or PyTorch is not installed, so the Keras export is not run"
KERAS_ON_TORCH = {"KERAS_BACKEND": "torch"}
# Keras 3 multiplies matrices in float32 whatever their type (its result_type turns 64-bit into
# 32-bit, "aligned with JAX's default"): agreement to float32's resolution, not PyTorch's 1e-9.
KERAS_ATOL = 1e-6
pytestmark = pytest.mark.filterwarnings(  # Keras 3.15 on NumPy 2, not ours
    "ignore:__array__ implementation doesn't accept a copy keyword:DeprecationWarning"
)


@pytest.fixture(scope="module")
def keras():
    """Keras 3 on its PyTorch backend (the backend is read once, when Keras is imported; the
    variable is put back after this module)."""
    pytest.importorskip("torch", reason=KERAS_MISSING)
    with pytest.MonkeyPatch.context() as patch:
        for name, value in KERAS_ON_TORCH.items():
            patch.setenv(name, value)
        module = pytest.importorskip("keras", reason=KERAS_MISSING)
        if module.backend.backend() != "torch":
            pytest.skip(f"Keras was imported with the {module.backend.backend()} backend")
        yield module


def write_keras_export(trainer: Trainer, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write_export(trainer, folder)  # the model files and points.csv, the same for both
    script = folder / "playground_keras.py"
    script.write_text(keras_script(trainer))
    return script


# --- Keras: run on the PyTorch backend --------------------------------------------------------
@pytest.mark.parametrize("name", PREDICTION_CONFIGS)
def test_keras_script_predicts_what_the_playground_predicts(keras, tmp_path, name) -> None:
    trainer = trained(PREDICTION_CONFIGS[name])
    script = import_script(write_keras_export(trainer, tmp_path / name))
    assert_predicts_like_the_playground(script, trainer, tmp_path / name, atol=KERAS_ATOL)


def test_keras_script_runs_as_a_command(keras, tmp_path) -> None:
    trainer = trained(PREDICTION_CONFIGS["relu_batch_norm_dropout"])
    script = write_keras_export(trainer, tmp_path)
    assert_runs_as_a_command(script, trainer, KERAS_ON_TORCH, atol=KERAS_ATOL)


def test_keras_script_trains_further_and_saves(keras, tmp_path) -> None:
    trainer = trained(PREDICTION_CONFIGS["all_features"])
    script = import_script(write_keras_export(trainer, tmp_path))
    script.main(["--epochs", "3", "--save", str(tmp_path / "model.keras")])
    saved = keras.saving.load_model(tmp_path / "model.keras", compile=False)
    before = loaded_model(script, tmp_path / "model.npz").get_layer("dense_0").get_weights()[0]
    after = saved.get_layer("dense_0").get_weights()[0]
    assert after.shape == before.shape and not np.array_equal(after, before)
    record = trainer.evaluate()
    z = script.logits(saved, trainer.data.x_train)
    assert script.mean_loss(z, trainer.data.y_train) < record["train_loss"]  # it learned on


# --- Keras: read ------------------------------------------------------------------------------
def keras_layers(source: str) -> list[tuple]:
    """The layers build_model makes, as ('Dense', 6, {'name': 'dense_0'}), ('Add', None, {}),
    ... in order (keyword arguments other than the penalty read as literals)."""
    build = next(
        node
        for node in ast.parse(source).body
        if isinstance(node, ast.FunctionDef) and node.name == "build_model"
    )
    found = []
    for statement in build.body:
        if not isinstance(statement, ast.Assign) or not isinstance(statement.value, ast.Call):
            continue  # the docstring, `skip = h` and the return
        call = statement.value
        layer = call.func if isinstance(call.func, ast.Call) else call  # layers.X(...)(h)
        first = ast.literal_eval(layer.args[0]) if layer.args else None
        keywords = {
            k.arg: ast.literal_eval(k.value)
            for k in layer.keywords
            if k.arg != "kernel_regularizer"
        }
        if layer.func.attr == "Input":
            first = keywords.pop("shape")
        found.append((layer.func.attr, first, keywords))
    return found


def expected_keras_layers(trainer: Trainer) -> list[tuple]:
    spec = trainer.network.spec
    activation = {"swish": "silu"}
    layers: list[tuple] = [("Input", (spec.n_inputs,), {})]
    for i, (units, name, rate, skip) in enumerate(
        zip(spec.hidden_layers, spec.activations, spec.dropout, spec.skips, strict=True)
    ):
        layers.append(("Dense", units, {"name": f"dense_{i}"}))
        if spec.batch_norm:
            norm = {"momentum": 0.9, "epsilon": 1e-5, "name": f"norm_{i}"}
            layers.append(("BatchNormalization", None, norm))
        if name == "leaky_relu":
            layers.append(("LeakyReLU", None, {"negative_slope": 0.01}))
        else:
            layers.append(("Activation", activation.get(name, name), {}))
        if rate > 0:
            layers.append(("Dropout", rate, {}))
        if skip:
            layers.append(("Add", None, {}))
    layers.append(("Dense", spec.n_outputs, {"name": f"dense_{len(spec.hidden_layers)}"}))
    return layers


@pytest.mark.parametrize("name", PREDICTION_CONFIGS)
def test_keras_script_builds_the_same_layers(name) -> None:
    trainer = trained(PREDICTION_CONFIGS[name], epochs=1)
    source = keras_script(trainer)
    compile(source, "playground_keras.py", "exec")
    assert keras_layers(source) == expected_keras_layers(trainer)
    assert f"FEATURES = {tuple(trainer.data.feature_names)!r}".replace("'", '"') in source


def test_keras_script_states_loss_optimizer_and_penalty() -> None:
    all_features = keras_script(trained(PREDICTION_CONFIGS["all_features"], epochs=1))
    assert "binary_crossentropy(target, z, from_logits=True)" in all_features
    assert "keras.regularizers.L2(0.5 * REGULARIZATION_RATE)" in all_features
    assert "keras.optimizers.Adam(" in all_features and "BETA_2 = 0.999" in all_features
    multiclass = keras_script(trained(PREDICTION_CONFIGS["multiclass_softmax"], epochs=1))
    assert "sparse_categorical_crossentropy(target, z, from_logits=True)" in multiclass
    assert "def weight_penalty() -> keras.regularizers.Regularizer | None:" in multiclass
    l1 = keras_script(trained(PREDICTION_CONFIGS["sigmoid_squared_error"], epochs=1))
    assert "keras.regularizers.L1(REGULARIZATION_RATE)" in l1 and "ZeroCrossedWeights()" in l1
    assert "epsilon=EPSILON**2" in l1 and "(keras.ops.sigmoid(z) - target) ** 2" in l1
