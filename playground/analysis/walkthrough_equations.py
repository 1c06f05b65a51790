"""One backpropagation step's numbers written out as equations, for hover texts and tables.

Each function takes a `BackpropStep` (see `walkthrough`) and the neuron or weight it is about and
returns one line of text: the weighted sum and activation (`forward_equation`), the loss, the
chain rule for ∂L/∂z (`backward_equation`), ∂L/∂w and ∂L/∂b, and the update w ← w − η·∂L/∂w.
Numbers have three significant digits and true minus signs (`num`); indices are subscripts and
layers superscripts (`symbol`), all 1-based.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from playground.analysis.walkthrough import BackpropStep, LayerStep

MAX_TERMS = 6  # terms of a sum written out before "+ …"
SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
FUNCTION_SYMBOLS = {"sigmoid": "σ", "linear": "id"}


def num(value: float) -> str:
    """A number with 3 significant digits and true minus signs: −0.0342, 7.36×10⁻⁷."""
    text = f"{value:.3g}"
    if "e" in text:  # 7.36e-07 -> 7.36×10⁻⁷
        mantissa, exponent = text.split("e")
        text = f"{mantissa}×10{str(int(exponent)).translate(SUPERSCRIPTS)}"
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
    subscript = sep.join(str(i).translate(SUBSCRIPTS) for i in indices)
    return f"{name}{subscript}{str(layer).translate(SUPERSCRIPTS)}"


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
        sub, sup = str(k + 1).translate(SUBSCRIPTS), str(ls.number).translate(SUPERSCRIPTS)
        return f"p{sub} = softmax(z{sup}){sub} = {num(ls.a[k])}"
    return f"o = {z} = {num(ls.a[k])}"


def loss_equation(step: BackpropStep) -> str:
    """The loss on the point, written out (with the penalty when regularization is on)."""
    out, t = step.layers[-1].a, step.target
    if step.output_kind == "multiclass":
        c = int(np.argmax(t))
        text = f"L = −log p{str(c + 1).translate(SUBSCRIPTS)} = −log({num(out[c])})"
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
        sub = str(k + 1).translate(SUBSCRIPTS)
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
