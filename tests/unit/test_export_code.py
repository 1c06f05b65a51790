"""Exported PyTorch script: same network, same predictions, same training arithmetic; and both
exported scripts lint clean.

The PyTorch script is run for real (imported from a temporary directory, and once as a command
in a subprocess) and compared with the playground: predictions, losses and metrics, and the
weights after two epochs of steps on the same batches — which checks the loss, the penalty, the
optimizer with its settings, the learning-rate schedule and batch norm in training mode, term by
term. Those tests skip only when torch is not installed. Every generated script (PyTorch and
Keras) must pass `ruff check` and `ruff format --check` at both common line lengths.
"""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from support.exported_scripts import (
    PREDICTION_CONFIGS,
    SMALL,
    assert_predicts_like_the_playground,
    assert_runs_as_a_command,
    import_script,
    loaded_model,
    trained,
    write_export,
)

from playground import PlaygroundConfig, Trainer
from playground.core.optimizers import scheduled_learning_rate
from playground.export import keras_script, named_weights, pytorch_script

ROOT = Path(__file__).resolve().parents[2]
TORCH_MISSING = "PyTorch is not installed (pip install torch) so the PyTorch export is not run"
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
    "skip_connections_sigmoid_momentum": PlaygroundConfig(
        dataset="circle",
        hidden_layers=(4, 4, 4),
        activation="sigmoid",
        skip_connections=True,
        optimizer="momentum",
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


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch", reason=TORCH_MISSING)


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
    linears = [m for m in model.modules() if isinstance(m, torch.nn.Linear)]
    norms = [m for m in model.modules() if isinstance(m, torch.nn.BatchNorm1d)]
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
