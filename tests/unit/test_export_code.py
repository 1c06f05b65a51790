"""Exported PyTorch and Keras scripts: same network, same predictions, same training arithmetic.

The PyTorch script is run for real (imported from a temporary directory, and once as a command
in a subprocess) and compared with the playground: predictions, losses and metrics, and the
weights after two epochs of steps on the same batches — which checks the loss, the penalty, the
optimizer with its settings, the learning-rate schedule and batch norm in training mode, term by
term. Those tests skip only when torch is not installed. The Keras script is run the same way on
Keras 3's PyTorch backend (`KERAS_BACKEND=torch`): it must give the playground's predictions,
losses and metrics to the same tolerance, as a module and as a command, and train on; its layers
are also read from its syntax tree. Every generated script must pass `ruff check` and
`ruff format --check` at both common line lengths.
"""

from __future__ import annotations

import ast
import copy
import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from playground import PlaygroundConfig, Trainer
from playground.core.optimizers import scheduled_learning_rate
from playground.data import FEATURES
from playground.export import keras_script, named_weights, points_csv, pytorch_script, weights_npz
from playground.model_io import save_model

ROOT = Path(__file__).resolve().parents[2]
TORCH_MISSING = "PyTorch is not installed (pip install torch) so the PyTorch export is not run"
KERAS_MISSING = "Keras 3 or PyTorch is not installed, so the Keras export is not run"
KERAS_ON_TORCH = {"KERAS_BACKEND": "torch"}
# Keras 3 multiplies matrices in float32 whatever their type (its result_type turns 64-bit into
# 32-bit, "aligned with JAX's default"): agreement to float32's resolution, not PyTorch's 1e-9.
KERAS_ATOL = 1e-6
pytestmark = pytest.mark.filterwarnings(  # Keras 3.15 on NumPy 2, not ours
    "ignore:__array__ implementation doesn't accept a copy keyword:DeprecationWarning"
)
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
# No dropout here: masks are random in both frameworks, everything else must agree exactly.
TRAINING_CONFIGS = {
    "momentum_nesterov_l2_batch_norm_step_schedule": PlaygroundConfig(
        dataset="circle",
        hidden_layers=(5, 3),
        batch_norm=True,
        optimizer="momentum",
        nesterov=True,
        momentum=0.8,
        regularization="l2",
        regularization_rate=0.01,
        lr_schedule="step",
        lr_decay=0.5,
        lr_decay_epochs=1,
        **SMALL,
    ),
    "adam_l1_multiclass": PlaygroundConfig(
        dataset="blobs",
        n_classes=3,
        hidden_layers=(6,),
        activation="relu",
        optimizer="adam",
        beta_1=0.8,
        beta_2=0.99,
        epsilon=1e-6,
        learning_rate=0.05,
        regularization="l1",
        regularization_rate=0.01,
        **SMALL,
    ),
    "rmsprop_regression_cosine": PlaygroundConfig(
        dataset="plane",
        hidden_layers=(4,),
        activation="swish",
        optimizer="rmsprop",
        rho=0.8,
        lr_schedule="cosine",
        lr_decay_epochs=2,
        **SMALL,
    ),
    "sgd_squared_error_batch_norm": PlaygroundConfig(
        dataset="xor",
        hidden_layers=(4,),
        activation="sigmoid",
        loss="squared_error",
        batch_norm=True,
        batch_size=7,
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


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch", reason=TORCH_MISSING)


@pytest.fixture(scope="module")
def keras():
    """Keras 3 on its PyTorch backend (the backend is read once, when Keras is imported)."""
    pytest.importorskip("torch", reason=KERAS_MISSING)
    os.environ.update(KERAS_ON_TORCH)
    module = pytest.importorskip("keras", reason=KERAS_MISSING)
    if module.backend.backend() != "torch":
        pytest.skip(f"Keras was imported with the {module.backend.backend()} backend")
    return module


def write_keras_export(trainer: Trainer, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write_export(trainer, folder)  # the model files and points.csv, the same for both
    script = folder / "playground_keras.py"
    script.write_text(keras_script(trainer))
    return script


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


# --- PyTorch: predictions ---------------------------------------------------------------------
@pytest.mark.parametrize("name", PREDICTION_CONFIGS)
def test_pytorch_script_predicts_what_the_playground_predicts(torch, tmp_path, name) -> None:
    trainer = trained(PREDICTION_CONFIGS[name])
    script = import_script(write_export(trainer, tmp_path / name))
    assert_predicts_like_the_playground(script, trainer, tmp_path / name)


def test_pytorch_script_runs_as_a_command(torch, tmp_path) -> None:
    trainer = trained(PREDICTION_CONFIGS["relu_batch_norm_dropout"])
    assert_runs_as_a_command(write_export(trainer, tmp_path), trainer, {})


def test_pytorch_script_trains_further_and_saves(torch, tmp_path) -> None:
    trainer = trained(PREDICTION_CONFIGS["relu_batch_norm_dropout"])
    script = import_script(write_export(trainer, tmp_path))
    script.main(["--epochs", "3", "--save", str(tmp_path / "model.pt")])
    state = torch.load(tmp_path / "model.pt")
    model = loaded_model(script, tmp_path / "model.npz")
    before = model.state_dict()["0.weight"]
    assert state["0.weight"].shape == before.shape and not torch.equal(state["0.weight"], before)


# --- PyTorch: training arithmetic -------------------------------------------------------------
def torch_named_weights(model, torch) -> dict[str, np.ndarray]:
    """The model's parameters in the playground's names (W is the Linear weight transposed)."""
    linears = [m for m in model if isinstance(m, torch.nn.Linear)]
    norms = [m for m in model if isinstance(m, torch.nn.BatchNorm1d)]
    arrays = {}
    for i, linear in enumerate(linears):
        arrays[f"W{i}"] = linear.weight.detach().numpy().T
        arrays[f"b{i}"] = linear.bias.detach().numpy()
    for i, norm in enumerate(norms):
        arrays[f"gamma{i}"] = norm.weight.detach().numpy()
        arrays[f"beta{i}"] = norm.bias.detach().numpy()
        arrays[f"running_mean{i}"] = norm.running_mean.numpy()
        arrays[f"running_var{i}"] = norm.running_var.numpy()
    return arrays


@pytest.mark.parametrize("name", TRAINING_CONFIGS)
def test_pytorch_training_steps_match_the_playground(torch, tmp_path, name) -> None:
    trainer = Trainer(TRAINING_CONFIGS[name])  # untrained: both optimizers start fresh
    script = import_script(write_export(trainer, tmp_path))
    model = loaded_model(script, tmp_path / "model.npz")
    shuffles = copy.deepcopy(trainer.rng)  # the playground's epoch permutations, in advance
    trainer.run_epochs(2)

    points, labels = trainer.data.x_train, trainer.data.y_train
    inputs = torch.as_tensor(script.make_features(points))
    targets = script.targets(labels)
    optimizer = script.make_optimizer(model)
    model.train()
    for epoch in range(2):
        script.set_learning_rate(optimizer, script.learning_rate(epoch))
        order = torch.as_tensor(shuffles.permutation(len(points)))
        for start in range(0, len(points), script.BATCH_SIZE):
            batch = order[start : start + script.BATCH_SIZE]
            loss = script.loss_function(model(inputs[batch]), targets[batch])
            loss = loss + script.penalty(model)
            optimizer.zero_grad()
            loss.backward()
            script.optimizer_step(optimizer, model)

    expected = named_weights(trainer.network)
    actual = torch_named_weights(model, torch)
    assert actual.keys() == expected.keys()
    for key, values in expected.items():
        np.testing.assert_allclose(actual[key], values, rtol=0, atol=1e-9, err_msg=key)


@pytest.mark.parametrize("schedule", ["constant", "step", "cosine"])
def test_pytorch_script_schedule_is_the_playgrounds(torch, tmp_path, schedule) -> None:
    config = PlaygroundConfig(lr_schedule=schedule, lr_decay=0.3, lr_decay_epochs=7, **SMALL)
    script = import_script(write_export(Trainer(config), tmp_path))
    for epoch in range(30):
        expected = scheduled_learning_rate(0.03, schedule, epoch, 0.3, 7)
        assert script.learning_rate(epoch) == pytest.approx(expected, rel=1e-12)


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
def keras_layers(source: str) -> list[str]:
    """The layers in build_model's keras.Sequential, as 'Dense(6)', 'Activation(relu)', ..."""
    build = next(
        node
        for node in ast.parse(source).body
        if isinstance(node, ast.FunctionDef) and node.name == "build_model"
    )
    sequential = next(node for node in ast.walk(build) if isinstance(node, ast.List))
    found = []
    for call in sequential.elts:
        kind = call.func.attr
        first = ast.literal_eval(call.args[0]) if call.args else None
        keywords = {
            k.arg: ast.literal_eval(k.value) for k in call.keywords if k.arg != "kernel_regularizer"
        }
        if kind == "Input":
            first = keywords.pop("shape")
        found.append((kind, first, keywords))
    return found


def expected_keras_layers(trainer: Trainer) -> list[tuple]:
    spec = trainer.network.spec
    activation = {"swish": "silu"}
    layers: list[tuple] = [("Input", (spec.n_inputs,), {})]
    for i, (units, name, rate) in enumerate(
        zip(spec.hidden_layers, spec.activations, spec.dropout, strict=True)
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


# --- Both: lint -------------------------------------------------------------------------------
def ruff_command() -> str:
    found = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(found).exists():
        pytest.skip("ruff is not installed")
    return found


def test_generated_scripts_pass_ruff(tmp_path) -> None:
    ruff = ruff_command()
    for name, config in PREDICTION_CONFIGS.items():
        trainer = trained(config, epochs=1)
        (tmp_path / f"{name}_pytorch.py").write_text(pytorch_script(trainer))
        (tmp_path / f"{name}_keras.py").write_text(keras_script(trainer))
    config = ["--config", str(ROOT / "pyproject.toml")]
    for width in ("88", "100"):  # ruff's default and this project's line length
        for command in (["check"], ["format", "--check"]):
            run = [ruff, *command, *config, "--line-length", width, str(tmp_path)]
            done = subprocess.run(run, capture_output=True, text=True, timeout=60)
            assert done.returncode == 0, done.stdout + done.stderr
