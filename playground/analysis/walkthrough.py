"""Backpropagation step by step, with every number, for one training point.

Training does millions of these, too fast to follow; here is one, written out. The forward pass
computes, layer by layer, each neuron's weighted sum z = Σⱼ wⱼₖ·aⱼ + bₖ and its activation
a = f(z); the loss compares the output with the target. The backward pass applies the chain rule
from the loss back to the inputs: the output layer's ∂L/∂z (for the matched output and loss pairs
simply "output − target"), then for each hidden neuron ∂L/∂z = (Σₖ wₖ·∂L/∂zₖ of the next layer) ·
f′(z), and for each weight ∂L/∂w = (the activation it multiplies) · ∂L/∂z (plus the penalty's
slope when regularization is on). Last, one plain gradient-descent update w ← w − η·∂L/∂w and the
new loss on the same point. The computation works on copies of the parameters, never on the
trainer's network. Notation: layer 0 is the input, hidden layers are 1…L, the output layer L+1;
wⱼₖˡ joins neuron j of layer l−1 to neuron k of layer l; all indices are shown 1-based.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from playground.core.activations import get_activation
from playground.core.network import Network
from playground.core.regularizers import get_regularizer
from playground.data.features import FEATURE_LABELS

if TYPE_CHECKING:
    from playground.trainer import Trainer

Array = np.ndarray
MAX_TERMS = 6  # terms of a sum written out before "+ …"
_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUP = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
FUNCTION_SYMBOLS = {"sigmoid": "σ", "linear": "id"}
OUTPUT_FUNCTIONS = {"binary": "sigmoid", "multiclass": "softmax", "regression": "linear"}


@dataclass(frozen=True)
class LayerStep:
    """One dense layer's numbers for the point (layer `number`, 1-based; the output is L+1).

    inputs: (n_in,) the previous layer's activations aˡ⁻¹ (the input features for layer 1).
    W, b: (n_in, n_out), (n_out,) the parameters before the update; new_W, new_b after it.
    z, a: (n_out,) weighted sums and activations (for the output layer a is the network output).
    dz: (n_out,) ∂L/∂z. da, slope: (n_out,) ∂L/∂a and f′(z) for hidden layers, None for the output.
    dW: (n_in, n_out) ∂L/∂W including the penalty's part penalty_dW; db: (n_out,) ∂L/∂b.
    """

    number: int
    activation: str
    is_output: bool
    inputs: Array
    W: Array
    b: Array
    z: Array
    a: Array
    dz: Array
    da: Array | None
    slope: Array | None
    dW: Array  # noqa: N815
    penalty_dW: Array  # noqa: N815
    db: Array
    new_W: Array  # noqa: N815
    new_b: Array


@dataclass(frozen=True)
class BackpropStep:
    """Everything about one gradient-descent step on one point; see the module docstring."""

    index: int | None
    input_names: tuple[str, ...]
    output_kind: str
    loss_name: str
    label: float
    target: Array  # (n_outputs,)
    layers: list[LayerStep]
    data_loss: float
    penalty: float
    regularization: str
    regularization_rate: float
    learning_rate: float
    n_zeroed: int  # weights the L1 rule set to exactly zero in the update
    new_data_loss: float
    new_penalty: float

    @property
    def loss(self) -> float:
        return self.data_loss + self.penalty

    @property
    def new_loss(self) -> float:
        return self.new_data_loss + self.new_penalty

    def grads(self) -> list[dict[str, Array]]:
        """∂L/∂W and ∂L/∂b per dense block, shaped like `Network.params`."""
        return [{"W": layer.dW, "b": layer.db} for layer in self.layers]


def check_walkable(network: Network) -> None:
    """ValueError, saying why, for networks whose single-point step is not well defined."""
    if network.spec.batch_norm:
        raise ValueError(
            "The step-by-step view needs a network without batch norm: the batch statistics of "
            "a single point are degenerate (its mean is the point itself and its variance is "
            "zero), so every normalized value would be 0."
        )
    if any(rate > 0 for rate in network.spec.dropout):
        raise ValueError(
            "The step-by-step view needs a network without dropout: dropout is random (each "
            "training pass silences a different random set of neurons), so the numbers would "
            "change every time. Set dropout to 0 to follow one step."
        )


def backprop_step(
    network: Network,
    inputs: Array,
    label: float,
    learning_rate: float,
    index: int | None = None,
    input_names: tuple[str, ...] | None = None,
) -> BackpropStep:
    """Forward pass, loss, backward pass and one gradient-descent update on one point.

    Parameters
    ----------
    network : without batch norm or dropout (`check_walkable`); only read. Its regularization
        and regularization_rate are used, like `Network.loss_and_grads`.
    inputs : (n_inputs,) the point's input features.
    label : its class index or regression value.
    learning_rate : η of the update w ← w − η·∂L/∂w (under L1 a weight that would cross zero is
        set to 0, as in training).
    index : the point's index in the training set, for display.
    input_names : labels of the inputs (default x₁, x₂, …).
    """
    check_walkable(network)
    x = np.asarray(inputs, dtype=np.float64).ravel()
    target = network.targets(np.array([label]))[0]
    params = [(block["W"].copy(), block["b"].copy()) for block in network.params]
    forward = _forward(network, params, x)
    deltas, da, slopes = _backward(network, params, forward, target)
    reg, rate = network.regularization, network.regularization_rate
    regularizer = get_regularizer(reg if rate else "none")
    layers, new_params, n_zeroed = [], [], 0
    for i, ((W, b), (a_in, z, a)) in enumerate(zip(params, forward, strict=True)):
        penalty_dW = rate * regularizer.grad(W) if rate else np.zeros_like(W)
        dW = np.outer(a_in, deltas[i]) + penalty_dW
        new_W, new_b = W - learning_rate * dW, b - learning_rate * deltas[i]
        if regularizer.zero_crossings:
            crossed = W * new_W < 0.0
            new_W[crossed] = 0.0
            n_zeroed += int(crossed.sum())
        new_params.append((new_W, new_b))
        is_output = i == len(params) - 1
        activation = (
            OUTPUT_FUNCTIONS[network.spec.output_kind] if is_output else network.spec.activations[i]
        )
        layers.append(
            LayerStep(
                i + 1, activation, is_output, a_in, W, b, z, a, deltas[i], da[i], slopes[i],
                dW, penalty_dW, deltas[i].copy(), new_W, new_b,
            )
        )  # fmt: skip
    new_forward = _forward(network, new_params, x)
    return BackpropStep(
        index=index,
        input_names=input_names or tuple(f"x{j + 1}".translate(_SUB) for j in range(x.size)),
        output_kind=network.spec.output_kind,
        loss_name=network.spec.loss,
        label=float(label),
        target=target,
        layers=layers,
        data_loss=_data_loss(network, forward, target),
        penalty=_penalty(regularizer, rate, params),
        regularization=reg if rate else "none",
        regularization_rate=rate,
        learning_rate=learning_rate,
        n_zeroed=n_zeroed,
        new_data_loss=_data_loss(network, new_forward, target),
        new_penalty=_penalty(regularizer, rate, new_params),
    )


def backprop_step_for_trainer(
    trainer: Trainer, index: int, learning_rate: float | None = None
) -> BackpropStep:
    """`backprop_step` for training point `index` of a `Trainer` (default η: its current rate)."""
    n_train = len(trainer.inputs_train)
    if not 0 <= index < n_train:
        raise ValueError(f"choose a training point 0..{n_train - 1}, got {index}")
    rate = trainer.learning_rate if learning_rate is None else learning_rate
    names = tuple(FEATURE_LABELS[name] for name in trainer.data.feature_names)
    return backprop_step(
        trainer.network,
        trainer.inputs_train[index],
        trainer.y_train[index],
        rate,
        index=index,
        input_names=names,
    )


# --- the numbers --------------------------------------------------------------------------------
def _forward(network: Network, params: list[tuple[Array, Array]], x: Array) -> list[tuple]:
    """Per dense block (its input a, z, a) — the last a is the head's output."""
    results, a_in = [], x
    for i, (W, b) in enumerate(params):
        z = a_in @ W + b
        if i < len(params) - 1:
            a = get_activation(network.spec.activations[i])[0](z)
        else:
            a = network.head.output(z[None, :])[0]
        results.append((a_in, z, a))
        a_in = a
    return results


def _backward(network: Network, params, forward, target: Array):
    """(∂L/∂z per block, ∂L/∂a per block or None, f′(z) per block or None)."""
    n_blocks = len(params)
    _, z_out, out = forward[-1]
    deltas: list[Array] = [np.empty(0)] * n_blocks
    da: list[Array | None] = [None] * n_blocks
    slopes: list[Array | None] = [None] * n_blocks
    deltas[-1] = network.head.delta(z_out[None, :], out[None, :], target[None, :])[0]
    for i in range(n_blocks - 2, -1, -1):
        _, z, a = forward[i]
        derivative = get_activation(network.spec.activations[i])[1]
        da[i] = params[i + 1][0] @ deltas[i + 1]
        slopes[i] = derivative(z, a)
        deltas[i] = da[i] * slopes[i]
    return deltas, da, slopes


def _data_loss(network: Network, forward, target: Array) -> float:
    _, z, out = forward[-1]
    return network.head.loss(z[None, :], out[None, :], target[None, :])


def _penalty(regularizer, rate: float, params) -> float:
    if not rate:
        return 0.0
    weights = np.concatenate([W.ravel() for W, _ in params])
    return rate * regularizer.penalty(weights)


# --- the equations ------------------------------------------------------------------------------
def num(value: float) -> str:
    """A number with 3 significant digits and true minus signs: −0.0342, 7.36×10⁻⁷."""
    text = f"{value:.3g}"
    if "e" in text:  # 7.36e-07 -> 7.36×10⁻⁷
        mantissa, exponent = text.split("e")
        text = f"{mantissa}×10{str(int(exponent)).translate(_SUP)}"
    return text.replace("-", "−")


def factor(value: float) -> str:
    """`num`, in parentheses when negative (to sit after a multiplication dot)."""
    text = num(value)
    return f"({text})" if value < 0 else text


def symbol(name: str, layer: int, *indices: int | str) -> str:
    """'z₁²', 'w₁₂³', 'b₂¹' — 1-based neuron indices as subscripts, layer as superscript.

    An index given as a string (such as 'ₘ') is written as it is.
    """
    sep = "," if any(isinstance(i, int) and i >= 10 for i in indices) else ""
    subscript = sep.join(str(i).translate(_SUB) for i in indices)
    return f"{name}{subscript}{str(layer).translate(_SUP)}"


def activation_symbol(step: BackpropStep, layer: int, j: int) -> str:
    """The name of input j (0-based) of layer `layer`: a feature for layer 1, else aⱼˡ⁻¹."""
    return step.input_names[j] if layer == 1 else symbol("a", layer - 1, j + 1)


def _sum_text(n_terms: int, term: Callable[[int], str]) -> str:
    """term(0) + term(1) + …, writing at most MAX_TERMS terms before '+ …'."""
    shown = [term(i) for i in range(min(n_terms, MAX_TERMS))]
    return " + ".join(shown if n_terms <= MAX_TERMS else [*shown, "…"])


def forward_equation(step: BackpropStep, layer: int, k: int) -> str:
    """z and a of neuron k (0-based) of layer `layer` (1-based), written out."""
    ls = step.layers[layer - 1]
    n_in = ls.inputs.size
    names = _sum_text(
        n_in, lambda j: f"{symbol('w', layer, j + 1, k + 1)}·{activation_symbol(step, layer, j)}"
    )
    numbers = _sum_text(n_in, lambda j: f"{factor(ls.W[j, k])}·{factor(ls.inputs[j])}")
    z = symbol("z", layer, k + 1)
    text = (
        f"{z} = {names} + {symbol('b', layer, k + 1)} = "
        f"{numbers} + {factor(ls.b[k])} = {num(ls.z[k])}"
    )
    if ls.is_output:
        return f"{text};  {_output_text(step, ls, k)}"
    f_name = FUNCTION_SYMBOLS.get(ls.activation, ls.activation)
    return f"{text};  {symbol('a', layer, k + 1)} = {f_name}({z}) = {num(ls.a[k])}"


def _output_text(step: BackpropStep, ls: LayerStep, k: int) -> str:
    z = symbol("z", ls.number, k + 1)
    if step.output_kind == "binary":
        return f"p = σ({z}) = {num(ls.a[k])}"
    if step.output_kind == "multiclass":
        sub, sup = str(k + 1).translate(_SUB), str(ls.number).translate(_SUP)
        return f"p{sub} = softmax(z{sup}){sub} = {num(ls.a[k])}"
    return f"o = {z} = {num(ls.a[k])}"


def loss_equation(step: BackpropStep) -> str:
    """The loss on the point, written out (with the penalty when regularization is on)."""
    out, t = step.layers[-1].a, step.target
    if step.output_kind == "multiclass":
        c = int(np.argmax(t))
        text = f"L = −log p{str(c + 1).translate(_SUB)} = −log({num(out[c])})"
    elif step.loss_name == "cross_entropy":
        p = out[0]
        shown = f"−log({num(p)})" if t[0] == 1 else f"−log(1 − {num(p)})"
        text = f"L = −[t·log p + (1 − t)·log(1 − p)] = {shown}"
    else:
        o = "p" if step.output_kind == "binary" else "o"
        text = f"L = ½({o} − t)² = ½({num(out[0])} − {factor(t[0])})²"
    text += f" = {num(step.data_loss)}"
    if step.regularization == "l2":
        text += f";  penalty λ·½Σw² = {num(step.penalty)}"
    elif step.regularization == "l1":
        text += f";  penalty λ·Σ|w| = {num(step.penalty)}"
    if step.penalty:
        text += f";  total {num(step.loss)}"
    return text


def backward_equation(step: BackpropStep, layer: int, k: int) -> str:
    """∂L/∂z of neuron k (0-based) of layer `layer` (1-based), by the chain rule."""
    ls = step.layers[layer - 1]
    z = symbol("z", layer, k + 1)
    if ls.is_output:
        return f"∂L/∂{z} = {_output_delta_text(step, ls, k)} = {num(ls.dz[k])}"
    after = step.layers[layer]
    names = f"Σₘ {symbol('w', layer + 1, k + 1, 'ₘ')} · ∂L/∂{symbol('z', layer + 1, 'ₘ')}"
    numbers = _sum_text(after.dz.size, lambda m: f"{factor(after.W[k, m])}·{factor(after.dz[m])}")
    f_name = FUNCTION_SYMBOLS.get(ls.activation, ls.activation)
    return (
        f"∂L/∂{z} = ({names}) · {f_name}′({z}) = ({numbers}) · "
        f"{factor(ls.slope[k])} = {num(ls.dz[k])}"
    )


def _output_delta_text(step: BackpropStep, ls: LayerStep, k: int) -> str:
    out, t = ls.a[k], step.target[k]
    if step.output_kind == "multiclass":
        sub = str(k + 1).translate(_SUB)
        return f"p{sub} − t{sub} = {num(out)} − {factor(t)}"
    if step.output_kind == "regression":
        return f"o − t = {num(out)} − {factor(t)}"
    if step.loss_name == "squared_error":
        return f"(p − t)·p·(1 − p) = ({num(out)} − {factor(t)})·{num(out)}·{num(1 - out)}"
    return f"p − t = {num(out)} − {factor(t)}"


def weight_equation(step: BackpropStep, layer: int, j: int, k: int) -> str:
    """∂L/∂w for the weight from input j to neuron k (0-based) of layer `layer` (1-based)."""
    ls = step.layers[layer - 1]
    w, z = symbol("w", layer, j + 1, k + 1), symbol("z", layer, k + 1)
    a_name = activation_symbol(step, layer, j)
    names, numbers = f"{a_name} · ∂L/∂{z}", f"{factor(ls.inputs[j])}·{factor(ls.dz[k])}"
    if step.regularization == "l2":
        names += f" + λ·{w}"
        numbers += f" + {num(step.regularization_rate)}·{factor(ls.W[j, k])}"
    elif step.regularization == "l1":
        names += f" + λ·sign({w})"
        numbers += f" + {num(step.regularization_rate)}·{factor(np.sign(ls.W[j, k]))}"
    return f"∂L/∂{w} = {names} = {numbers} = {num(ls.dW[j, k])}"


def bias_equation(step: BackpropStep, layer: int, k: int) -> str:
    """∂L/∂b of neuron k (0-based) of layer `layer` (1-based)."""
    ls = step.layers[layer - 1]
    return f"∂L/∂{symbol('b', layer, k + 1)} = ∂L/∂{symbol('z', layer, k + 1)} = {num(ls.db[k])}"


def update_equation(step: BackpropStep, layer: int, j: int, k: int) -> str:
    """The gradient-descent update of one weight, written out."""
    ls = step.layers[layer - 1]
    w = symbol("w", layer, j + 1, k + 1)
    change = -step.learning_rate * ls.dW[j, k]
    text = (
        f"{w} ← {w} − η·∂L/∂{w} = {num(ls.W[j, k])} − {num(step.learning_rate)}·"
        f"{factor(ls.dW[j, k])} = {num(ls.W[j, k] + change)} (a change of {num(change)})"
    )
    if ls.new_W[j, k] == 0.0 and ls.W[j, k] != 0.0:
        text += " → crossed zero under L1, set to 0"
    return text
