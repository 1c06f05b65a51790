"""Export a trained playground network as a self-contained PyTorch script.

`pytorch_script(trainer)` writes a script that builds the same network as an `nn.Sequential`
(Linear → [BatchNorm] → activation → [Dropout] per hidden layer, wrapped in a `Residual` that adds
the layer's input where it has a skip connection, then a Linear output whose
sigmoid/softmax is applied outside the model, as the losses expect logits), loads the
playground's weights, reproduces its predictions in evaluation mode, and trains further with the
same loss, optimizer, schedule and weight penalty. The maths were matched term by term: PyTorch's
RMSprop (`alpha` = rho) and Adam (bias-corrected, epsilon outside the root) are the playground's;
its momentum SGD keeps `b = −v/lr` instead of the velocity `v`, which the script rescales whenever
the learning rate changes; its BatchNorm1d averages the unbiased variance, so the script subclasses
it to average the biased one. The L2 penalty is an explicit term on weight matrices only (not
`weight_decay`, which would also decay biases, gamma and beta).
"""

from __future__ import annotations

from playground.export.code import ScriptFacts
from playground.export.shared import Framework, framework_script, function, function_with_body
from playground.trainer import Trainer

SCRIPT_NAME = "playground_pytorch.py"
SAVED_MODEL = "model.pt"
IMPORTS = """import argparse
import csv
from itertools import pairwise
from pathlib import Path

import numpy as np
import torch
from torch import nn
"""
ACTIVATION_MODULES = {
    "linear": "nn.Identity()",
    "sigmoid": "nn.Sigmoid()",
    "tanh": "nn.Tanh()",
    "relu": "nn.ReLU()",
    "leaky_relu": "nn.LeakyReLU(0.01)",
    "elu": "nn.ELU(alpha=1.0)",
    "softplus": "nn.Softplus()",
    "swish": "nn.SiLU()",  # z · sigmoid(z)
}

BATCH_NORM_CLASS = '''
class PlaygroundBatchNorm(nn.BatchNorm1d):
    """nn.BatchNorm1d whose running variance averages the biased batch variance, as
    the playground's does (PyTorch's own averages the unbiased one, n / (n − 1) times
    larger). Normalization in training and evaluation is nn.BatchNorm1d's."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training:
            return super().forward(x)
        mean, var = x.mean(dim=0), x.var(dim=0, correction=0)
        with torch.no_grad():
            self.running_mean.lerp_(mean, self.momentum)
            self.running_var.lerp_(var, self.momentum)
        return (x - mean) / torch.sqrt(var + self.eps) * self.weight + self.bias
'''

RESIDUAL_CLASS = '''
class Residual(nn.Sequential):
    """A hidden layer with a skip connection: its input is added to its output."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + super().forward(x)
'''

RESIDUAL_OPEN = "Residual(  # a skip connection: adds the layer's input to its output"

MODEL_FUNCTIONS = '''
def load_weights(model: Model, layers: list[dict[str, np.ndarray]]) -> None:
    """Copy the playground's arrays in; a Linear's weight is (n_out, n_in), i.e. W.T."""
    linears = [m for m in model.modules() if isinstance(m, nn.Linear)]
    norms = [m for m in model.modules() if isinstance(m, nn.BatchNorm1d)]
    with torch.no_grad():
        for linear, layer in zip(linears, layers, strict=True):
            linear.weight.copy_(torch.as_tensor(layer["W"].T))
            linear.bias.copy_(torch.as_tensor(layer["b"]))
        for norm, layer in zip(norms, layers, strict=False):  # no norm after the output
            norm.weight.copy_(torch.as_tensor(layer["gamma"]))
            norm.bias.copy_(torch.as_tensor(layer["beta"]))
            norm.running_mean.copy_(torch.as_tensor(layer["running_mean"]))
            norm.running_var.copy_(torch.as_tensor(layer["running_var"]))


def logits(model: Model, points: np.ndarray) -> np.ndarray:
    """The output layer's z for raw points (n, 2), in evaluation mode: no dropout, and
    batch norm uses its running statistics."""
    model.eval()
    with torch.no_grad():
        return model(torch.as_tensor(make_features(points), dtype=DTYPE)).numpy()


def save_model(model: Model, path: Path) -> None:
    torch.save(model.state_dict(), path)
'''

LOSS_CODE = {
    ("binary", "cross_entropy"): (
        "Binary cross-entropy of sigmoid(z), mean over the batch.",
        "nn.functional.binary_cross_entropy_with_logits(z, target)",
    ),
    ("binary", "squared_error"): (
        "½ (sigmoid(z) − target)², mean over the batch.",
        "0.5 * nn.functional.mse_loss(torch.sigmoid(z), target)",
    ),
    ("multiclass", "cross_entropy"): (
        "Categorical cross-entropy of softmax(z), mean over the batch.",
        "nn.functional.cross_entropy(z, target)",
    ),
    ("regression", "squared_error"): (
        "½ (z − target)², mean over the batch (mse_loss has no ½).",
        "0.5 * nn.functional.mse_loss(z, target)",
    ),
}
TARGETS_CODE = {
    "binary": "torch.tensor(labels, dtype=DTYPE).reshape(-1, 1)",
    "multiclass": "torch.tensor(labels).long()",
    "regression": "torch.tensor(labels, dtype=DTYPE).reshape(-1, 1)",
}
PENALTY_CODE = {
    "none": ("No weight penalty.", "torch.zeros((), dtype=DTYPE)"),
    "l2": (
        "L2: rate · ½ Σ W² over the weight matrices only (not biases, gamma or beta).",
        "REGULARIZATION_RATE * 0.5 * sum(w.square().sum() for w in weights(model))",
    ),
    "l1": (
        "L1: rate · Σ |W| over the weight matrices only (not biases, gamma or beta).",
        "REGULARIZATION_RATE * sum(w.abs().sum() for w in weights(model))",
    ),
}
OPTIMIZER_CODE = {
    "sgd": ("θ ← θ − lr · g.", "torch.optim.SGD(params, lr=LEARNING_RATE)"),
    "momentum": (
        "PyTorch keeps b ← μ·b + g and steps θ ← θ − lr·b; the playground keeps the\n"
        "    velocity v ← μ·v − lr·g and steps θ ← θ + v (Nesterov: θ ← θ + μ·v − lr·g).\n"
        "    They are the same with v = −lr·b; set_learning_rate keeps it so when the rate\n"
        "    changes.",
        "torch.optim.SGD(\n"
        "        params,\n"
        "        lr=LEARNING_RATE,\n"
        "        momentum=MOMENTUM,\n"
        "        nesterov=NESTEROV and MOMENTUM > 0,  # PyTorch wants momentum for it\n"
        "    )",
    ),
    "rmsprop": (
        "s ← ρ·s + (1 − ρ)·g², θ ← θ − lr·g / (√s + ε): PyTorch's alpha is ρ.",
        "torch.optim.RMSprop(params, lr=LEARNING_RATE, alpha=RHO, eps=EPSILON)",
    ),
    "adam": (
        "θ ← θ − lr·m̂ / (√v̂ + ε), bias-corrected m̂ and v̂, as in the playground.",
        "torch.optim.Adam(\n"
        "        params,\n"
        "        lr=LEARNING_RATE,\n"
        "        betas=(BETA_1, BETA_2),\n"
        "        eps=EPSILON,\n"
        "    )",
    ),
}
SET_LEARNING_RATE = '''
def set_learning_rate(optimizer: torch.optim.Optimizer, rate: float) -> None:
    """Use `rate` from now on (the playground sets it at the start of each epoch)."""
    for group in optimizer.param_groups:
        old, group["lr"] = group["lr"], rate
        for parameter in group["params"]:
            buffer = optimizer.state[parameter].get("momentum_buffer")
            if buffer is not None and rate > 0:
                buffer.mul_(old / rate)  # keep the velocity v = −lr·b unchanged
'''
PLAIN_STEP = """
def optimizer_step(optimizer: torch.optim.Optimizer, model: Model) -> None:
    optimizer.step()
"""
L1_STEP = '''
def optimizer_step(optimizer: torch.optim.Optimizer, model: Model) -> None:
    """optimizer.step(); then, as the playground does under L1, a weight that the step
    moved across zero is set to exactly 0 (that is what makes L1 networks sparse)."""
    before = [w.detach().clone() for w in weights(model)]
    optimizer.step()
    with torch.no_grad():
        for w, old in zip(weights(model), before, strict=True):
            w[old * w < 0] = 0.0
'''
TRAIN_FUNCTION = '''
def train(model: Model, points: np.ndarray, labels: np.ndarray, epochs: int) -> None:
    """Train `epochs` epochs more as the playground does: reshuffle every epoch, then
    one step per batch of BATCH_SIZE points (the last may be smaller) on the batch's
    mean loss + penalty."""
    inputs = torch.as_tensor(make_features(points), dtype=DTYPE)
    y = targets(labels)
    optimizer = make_optimizer(model)
    for epoch in range(START_EPOCH, START_EPOCH + epochs):
        set_learning_rate(optimizer, learning_rate(epoch))
        model.train()
        order = torch.randperm(len(inputs))
        for start in range(0, len(inputs), BATCH_SIZE):
            batch = order[start : start + BATCH_SIZE]
            loss = loss_function(model(inputs[batch]), y[batch]) + penalty(model)
            optimizer.zero_grad()
            loss.backward()
            optimizer_step(optimizer, model)
'''


BUILD_MODEL = '''
def build_model() -> Model:
    """The playground's network: per hidden layer Linear → [BatchNorm] → activation
    → [Dropout] (in a Residual where it has a skip connection), then a Linear output
    layer giving z (see OUTPUT)."""
    model = nn.Sequential(
        $layers
    )
    return model.to(DTYPE)
'''


def layer_lines(facts: ScriptFacts) -> list[str]:
    """The modules of the nn.Sequential, one source line each (BUILD_MODEL's $layers)."""
    lines, n_in = [], facts.layer_sizes[0]
    for units, activation, rate, skip in zip(
        facts.hidden_layers, facts.activations, facts.dropout, facts.skips, strict=True
    ):
        layer = [f"nn.Linear({n_in}, {units}),"]
        if facts.batch_norm:
            layer.append(f"PlaygroundBatchNorm({units}, eps=1e-5, momentum=0.1),")
        layer.append(f"{ACTIVATION_MODULES[activation]},")
        if rate > 0:
            layer.append(f"nn.Dropout({rate!r}),")
        lines += [RESIDUAL_OPEN, *(f"    {line}" for line in layer), "),"] if skip else layer
        n_in = units
    lines.append(f"nn.Linear({n_in}, {facts.layer_sizes[-1]}),  # z: see OUTPUT")
    return lines


def training_functions(facts: ScriptFacts) -> list[str]:
    """Loss, penalty, optimizer, learning-rate setter, step and training loop."""
    loss_doc, loss_expr = LOSS_CODE[(facts.output_kind, facts.loss)]
    penalty_doc, penalty_expr = PENALTY_CODE[facts.regularization]
    optimizer_doc, optimizer_expr = OPTIMIZER_CODE[facts.optimizer]
    return [
        function(
            "targets(labels: np.ndarray) -> torch.Tensor",
            "Labels as the loss expects them.",
            TARGETS_CODE[facts.output_kind],
        ),
        function(
            "loss_function(z: torch.Tensor, target: torch.Tensor) -> torch.Tensor",
            loss_doc,
            loss_expr,
        ),
        function(
            "weights(model: Model) -> list[torch.Tensor]",
            "The weight matrices: the only parameters a penalty applies to.",
            "[m.weight for m in model.modules() if isinstance(m, nn.Linear)]",
        ),
        function("penalty(model: Model) -> torch.Tensor", penalty_doc, penalty_expr),
        function_with_body(
            "make_optimizer(model: Model) -> torch.optim.Optimizer",
            optimizer_doc,
            f"    params = model.parameters()\n    return {optimizer_expr}\n",
        ),
        SET_LEARNING_RATE,
        L1_STEP if facts.regularization == "l1" else PLAIN_STEP,
        TRAIN_FUNCTION,
    ]


def notes(facts: ScriptFacts) -> list[str]:
    """What the script does differently from the playground, if anything."""
    found = [
        "Needs NumPy and PyTorch 2.",
        "Continued training starts the optimizer afresh (its momentum and averages are not "
        "exported) and draws its shuffles and dropout masks from PyTorch's generator.",
        "Computes in float64 like the playground (DTYPE); float32 agrees to about 1e-6.",
    ]
    if "softplus" in facts.activations:
        found.append("nn.Softplus returns z itself for z > 20 (log(1 + e^z) differs by < 3e-9).")
    return found


def classes(facts: ScriptFacts) -> str:
    """The module classes the network needs, two blank lines apart."""
    needed = ((BATCH_NORM_CLASS, facts.batch_norm), (RESIDUAL_CLASS, any(facts.skips)))
    return "\n\n\n".join(code.strip("\n") for code, used in needed if used)


PYTORCH = Framework(
    name="PyTorch",
    script_name=SCRIPT_NAME,
    saved_model=SAVED_MODEL,
    imports=IMPORTS,
    constants="DTYPE = torch.float64\nModel = nn.Sequential\n",
    model_functions=MODEL_FUNCTIONS,
    notes=notes,
    layer_lines=layer_lines,
    build_model=BUILD_MODEL,
    classes=classes,
    training=training_functions,
)


def pytorch_script(trainer: Trainer) -> str:
    """A runnable PyTorch script that rebuilds, loads, checks and trains the trainer's network."""
    return framework_script(trainer, PYTORCH)
