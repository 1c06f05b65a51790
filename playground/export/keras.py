"""Export a trained playground network as a self-contained Keras 3 script.

`keras_script(trainer)` writes a script that builds the same network with Keras's functional API
(Dense → [BatchNormalization] → activation → [Dropout] per hidden layer, an `Add` of the layer's
input where it has a skip connection, then a Dense output whose
sigmoid/softmax is applied outside the model, as the losses take logits), loads the playground's
weights, reproduces its predictions in evaluation mode, and trains further with `model.fit`. The
conventions were matched term by term: a Keras Dense kernel is (n_in, n_out) like `W`; Keras's
BatchNormalization momentum is the weight of the old average (0.9 = the playground's 0.1), and it
averages the biased batch variance as the playground does; Keras's L2(r) is r·ΣW² without the ½,
so the script passes rate/2; momentum SGD is the playground's update exactly. RMSprop and Adam
place epsilon differently; the script says how and by how much in the optimizer's docstring.
"""

from __future__ import annotations

from playground.export.code import ScriptFacts
from playground.export.shared import Framework, framework_script, function
from playground.trainer import Trainer

SCRIPT_NAME = "playground_keras.py"
SAVED_MODEL = "model.keras"
IMPORTS = """import argparse
import csv
from itertools import pairwise
from pathlib import Path

import keras
import numpy as np
from keras import layers
"""
OPTIMIZER_NAMES = {"rmsprop": "RMSprop", "adam": "Adam"}
ACTIVATION_LAYERS = {
    "linear": 'layers.Activation("linear")',
    "sigmoid": 'layers.Activation("sigmoid")',
    "tanh": 'layers.Activation("tanh")',
    "relu": 'layers.Activation("relu")',
    "leaky_relu": "layers.LeakyReLU(negative_slope=0.01)",  # Keras's default slope is 0.3
    "elu": 'layers.Activation("elu")',  # alpha 1
    "softplus": 'layers.Activation("softplus")',
    "swish": 'layers.Activation("silu")',  # z · sigmoid(z)
}

MODEL_FUNCTIONS = '''
def as_floatx(array: np.ndarray) -> np.ndarray:
    return np.asarray(array, dtype=FLOATX)


def load_weights(model: Model, weights: list[dict[str, np.ndarray]]) -> None:
    """Copy the playground's arrays in; a Dense kernel is (n_in, n_out), like W."""
    for i, layer in enumerate(weights):
        dense = model.get_layer(f"dense_{i}")
        dense.set_weights([as_floatx(layer["W"]), as_floatx(layer["b"])])
        if "gamma" in layer:
            names = ("gamma", "beta", "running_mean", "running_var")
            norm = model.get_layer(f"norm_{i}")
            norm.set_weights([as_floatx(layer[name]) for name in names])


def logits(model: Model, points: np.ndarray) -> np.ndarray:
    """The output layer's z for raw points (n, 2), in evaluation mode: no dropout, and
    batch norm uses its moving statistics."""
    z = model(as_floatx(make_features(points)), training=False)
    return keras.ops.convert_to_numpy(z).astype(np.float64)


def save_model(model: Model, path: Path) -> None:
    model.save(path)
'''

LOSS_CODE = {
    ("binary", "cross_entropy"): (
        "Binary cross-entropy of sigmoid(z), per point (fit takes the batch mean).",
        "keras.losses.binary_crossentropy(target, z, from_logits=True)",
    ),
    ("binary", "squared_error"): (
        "½ (sigmoid(z) − target)², per point (fit takes the batch mean).",
        "0.5 * keras.ops.mean((keras.ops.sigmoid(z) - target) ** 2, axis=-1)",
    ),
    ("multiclass", "cross_entropy"): (
        "Cross-entropy of softmax(z), per point (fit takes the batch mean).",
        "keras.losses.sparse_categorical_crossentropy(target, z, from_logits=True)",
    ),
    ("regression", "squared_error"): (
        "½ (z − target)², per point (fit takes the batch mean); Keras's\n"
        "    MeanSquaredError has no ½.",
        "0.5 * keras.ops.mean((z - target) ** 2, axis=-1)",
    ),
}
TARGETS_CODE = {
    "binary": "as_floatx(labels).reshape(-1, 1)",
    "multiclass": 'np.asarray(labels).astype("int32")',
    "regression": "as_floatx(labels).reshape(-1, 1)",
}
PENALTY_CODE = {
    "none": ("No weight penalty.", "None"),
    "l2": (
        "L2: rate · ½ Σ W². Keras's L2(r) adds r · Σ W² (no ½), hence rate / 2. As a\n"
        "    kernel regularizer it covers the weight matrix only, not the bias (nor batch\n"
        "    norm's gamma and beta), and Keras adds it to every batch's mean loss.",
        "keras.regularizers.L2(0.5 * REGULARIZATION_RATE)",
    ),
    "l1": (
        "L1: rate · Σ |W|. As a kernel regularizer it covers the weight matrix only, not\n"
        "    the bias (nor batch norm's gamma and beta); Keras adds it to every batch's loss.",
        "keras.regularizers.L1(REGULARIZATION_RATE)",
    ),
}
OPTIMIZER_CODE = {
    "sgd": ("θ ← θ − lr · g.", "keras.optimizers.SGD(learning_rate=LEARNING_RATE)"),
    "momentum": (
        "Keras's update is the playground's: v ← μ·v − lr·g, then θ ← θ + v\n"
        "    (Nesterov: θ ← θ + μ·v − lr·g).",
        "keras.optimizers.SGD(\n"
        "        learning_rate=LEARNING_RATE,\n"
        "        momentum=MOMENTUM,\n"
        "        nesterov=NESTEROV,\n"
        "    )",
    ),
    "rmsprop": (
        "The playground steps lr·g / (√s + ε), Keras lr·g / √(s + ε_k). With ε_k = ε²\n"
        "    the two agree when s = 0 and when s ≫ ε², and their denominators never\n"
        "    differ by more than ε.",
        "keras.optimizers.RMSprop(\n"
        "        learning_rate=LEARNING_RATE,\n"
        "        rho=RHO,\n"
        "        epsilon=EPSILON**2,\n"
        "    )",
    ),
    "adam": (
        "The playground steps lr·m̂ / (√v̂ + ε) (bias-corrected m̂, v̂). Keras adds its\n"
        "    epsilon before the bias correction: lr·m̂ / (√v̂ + ε / √(1 − β2ᵗ)). The two\n"
        "    agree once √v̂ ≫ ε / √(1 − β2ᵗ), that is for all but vanishing gradients.",
        "keras.optimizers.Adam(\n"
        "        learning_rate=LEARNING_RATE,\n"
        "        beta_1=BETA_1,\n"
        "        beta_2=BETA_2,\n"
        "        epsilon=EPSILON,\n"
        "    )",
    ),
}
ZERO_CROSSINGS = '''
def kernels(model: Model) -> list[keras.Variable]:
    """The weight matrices of the Dense layers."""
    return [layer.kernel for layer in model.layers if isinstance(layer, layers.Dense)]


class ZeroCrossedWeights(keras.callbacks.Callback):
    """As the playground does under L1: a weight that a step moved across zero is set
    to exactly 0 (that is what makes L1 networks sparse)."""

    def on_train_begin(self, logs: dict | None = None) -> None:
        self.before = [keras.ops.convert_to_numpy(w) for w in kernels(self.model)]

    def on_train_batch_end(self, batch: int, logs: dict | None = None) -> None:
        if hasattr(self.model, "jax_state_sync"):
            self.model.jax_state_sync()  # JAX's fit holds the weights apart: fetch them
        after = []
        for kernel, old in zip(kernels(self.model), self.before, strict=True):
            new = np.array(keras.ops.convert_to_numpy(kernel))
            new[old * new < 0] = 0.0
            kernel.assign(new)
            after.append(new)
        self.before = after
'''
CALLBACKS = '''
def callbacks() -> list[keras.callbacks.Callback]:
    """The learning-rate schedule, applied at the start of each epoch as in the
    playground (and, under L1, the zero crossings)."""

    def schedule(epoch: int, rate: float) -> float:
        return learning_rate(epoch)

    return [keras.callbacks.LearningRateScheduler(schedule)$extra]
'''
TRAIN_FUNCTION = '''
def train(model: Model, points: np.ndarray, labels: np.ndarray, epochs: int) -> None:
    """Train `epochs` epochs more as the playground does: reshuffle every epoch, then
    one step per batch of BATCH_SIZE points (the last may be smaller) on the batch's
    mean loss + penalty; the learning rate is set at the start of each epoch."""
    model.compile(optimizer=make_optimizer(), loss=loss_function)
    model.fit(
        as_floatx(make_features(points)),
        targets(labels),
        batch_size=BATCH_SIZE,
        initial_epoch=START_EPOCH,
        epochs=START_EPOCH + epochs,
        shuffle=True,
        callbacks=callbacks(),
        verbose=0,
    )
'''


BUILD_MODEL = '''
def build_model() -> Model:
    """The playground's network: per hidden layer Dense → [BatchNormalization]
    → activation → [Dropout] (plus the layer's input where it has a skip
    connection), then a Dense output layer giving z (see OUTPUT)."""
    $layers
    return keras.Model(inputs, z)
'''


def layer_lines(facts: ScriptFacts) -> list[str]:
    """The functional model's lines, one layer each (BUILD_MODEL's $layers)."""
    penalty = "weight_penalty()"
    lines, h = [f"inputs = keras.Input(shape=({facts.layer_sizes[0]},))"], "inputs"
    for i, (units, activation, rate, skip) in enumerate(
        zip(facts.hidden_layers, facts.activations, facts.dropout, facts.skips, strict=True)
    ):
        if skip:
            lines.append("skip = h  # the layer's input, added to its output below")
        dense = f'layers.Dense({units}, kernel_regularizer={penalty}, name="dense_{i}")'
        lines.append(f"h = {dense}({h})")
        if facts.batch_norm:
            norm = f'momentum=0.9, epsilon=1e-5, name="norm_{i}"'
            lines.append(f"h = layers.BatchNormalization({norm})(h)")
        lines.append(f"h = {ACTIVATION_LAYERS[activation]}(h)")
        if rate > 0:
            lines.append(f"h = layers.Dropout({rate!r})(h)")
        if skip:
            lines.append("h = layers.Add()([skip, h])")
        h = "h"
    n_hidden, n_outputs = len(facts.hidden_layers), facts.layer_sizes[-1]
    lines.append("# the output layer, giving z (see OUTPUT)")
    lines.append(
        f'z = layers.Dense({n_outputs}, kernel_regularizer={penalty}, name="dense_{n_hidden}")({h})'
    )
    return lines


def training_functions(facts: ScriptFacts) -> list[str]:
    """Targets, loss, penalty, optimizer, callbacks and the training loop."""
    loss_doc, loss_expr = LOSS_CODE[(facts.output_kind, facts.loss)]
    penalty_doc, penalty_expr = PENALTY_CODE[facts.regularization]
    optimizer_doc, optimizer_expr = OPTIMIZER_CODE[facts.optimizer]
    l1 = facts.regularization == "l1"
    return [
        function(
            "targets(labels: np.ndarray) -> np.ndarray",
            "Labels as the loss takes them.",
            TARGETS_CODE[facts.output_kind],
        ),
        function("loss_function(target, z)", loss_doc, loss_expr),
        function(
            "weight_penalty() -> keras.regularizers.Regularizer | None",
            penalty_doc,
            penalty_expr,
        ),
        function("make_optimizer() -> keras.optimizers.Optimizer", optimizer_doc, optimizer_expr),
        ZERO_CROSSINGS if l1 else "",
        CALLBACKS.replace("$extra", ", ZeroCrossedWeights()" if l1 else ""),
        TRAIN_FUNCTION,
    ]


def notes(facts: ScriptFacts) -> list[str]:
    """What the script does differently from the playground."""
    found = [
        "Needs Keras 3. Keeps weights and activations in float64 like the playground "
        "(FLOATX; set it to float32 for torch on an Apple GPU, which has no float64, or "
        "JAX without JAX_ENABLE_X64), but Keras 3 multiplies matrices in float32 whatever "
        "their type, so predictions and losses agree with the playground's to about 1e-6.",
        "Continued training starts the optimizer afresh (its momentum and averages are not "
        "exported) and draws its shuffles and dropout masks from Keras's generator.",
    ]
    if facts.optimizer in ("rmsprop", "adam"):
        found.append(
            f"Keras's {OPTIMIZER_NAMES[facts.optimizer]} places epsilon differently; "
            "see make_optimizer."
        )
    return found


KERAS_CONSTANTS = """FLOATX = "float64"
keras.config.set_floatx(FLOATX)
Model = keras.Model
"""
KERAS = Framework(
    name="Keras",
    script_name=SCRIPT_NAME,
    saved_model=SAVED_MODEL,
    imports=IMPORTS,
    constants=KERAS_CONSTANTS,
    model_functions=MODEL_FUNCTIONS,
    notes=notes,
    layer_lines=layer_lines,
    build_model=BUILD_MODEL,
    training=training_functions,
)


def keras_script(trainer: Trainer) -> str:
    """A runnable Keras 3 script that rebuilds, loads, checks and trains the trainer's network."""
    return framework_script(trainer, KERAS)
