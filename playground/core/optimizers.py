"""Optimizers (sgd, momentum with optional Nesterov, rmsprop, adam) and learning-rate schedules.

An optimizer updates the network's flat parameter vector `theta` in place from the flat gradient
`grad`; its state (velocity, squared-gradient averages) is a flat vector of the same layout, so
each parameter has its own state and the whole update is a handful of NumPy calls. Conventions
and names follow Keras: `momentum`, `nesterov`, `rho`, `beta_1`, `beta_2`, `epsilon`.
Schedules scale the base learning rate by epoch: constant, step decay (× `decay` every `every`
epochs) and cosine (from the base rate down to 1 % of it over `every` epochs, then held there).
"""

from __future__ import annotations

import math

import numpy as np

Array = np.ndarray
COSINE_FLOOR = 0.01


class Optimizer:
    """Base class: `step(theta, grad, lr)` updates theta in place."""

    def __init__(self, size: int, **settings: float):
        self.settings = settings
        self.iterations = 0
        self.buffer = np.zeros(size)

    def step(self, theta: Array, grad: Array, lr: float) -> None:
        raise NotImplementedError

    def get_state(self) -> dict[str, Array]:
        state = {k: v.copy() for k, v in vars(self).items() if isinstance(v, np.ndarray)}
        state["iterations"] = np.array(self.iterations)
        return state

    def set_state(self, state: dict[str, Array]) -> None:
        for name, value in state.items():
            if name == "iterations":
                self.iterations = int(value)
            else:
                getattr(self, name)[:] = value


class SGD(Optimizer):
    """theta ← theta − lr · grad."""

    def step(self, theta: Array, grad: Array, lr: float) -> None:
        np.multiply(grad, lr, out=self.buffer)
        theta -= self.buffer
        self.iterations += 1


class Momentum(Optimizer):
    """velocity ← momentum · velocity − lr · grad; theta ← theta + velocity.

    Nesterov looks ahead: theta ← theta + momentum · velocity − lr · grad.
    """

    def __init__(self, size: int, momentum: float = 0.9, nesterov: bool = False, **_: float):
        super().__init__(size)
        self.momentum, self.nesterov = momentum, nesterov
        self.velocity = np.zeros(size)

    def step(self, theta: Array, grad: Array, lr: float) -> None:
        np.multiply(grad, lr, out=self.buffer)
        self.velocity *= self.momentum
        self.velocity -= self.buffer
        if self.nesterov:
            theta += self.momentum * self.velocity - self.buffer
        else:
            theta += self.velocity
        self.iterations += 1


class RMSprop(Optimizer):
    """s ← rho · s + (1 − rho) · grad²; theta ← theta − lr · grad / (√s + epsilon)."""

    def __init__(self, size: int, rho: float = 0.9, epsilon: float = 1e-8, **_: float):
        super().__init__(size)
        self.rho, self.epsilon = rho, epsilon
        self.mean_square = np.zeros(size)

    def step(self, theta: Array, grad: Array, lr: float) -> None:
        self.mean_square *= self.rho
        self.mean_square += (1.0 - self.rho) * grad * grad
        np.sqrt(self.mean_square, out=self.buffer)
        self.buffer += self.epsilon
        theta -= lr * grad / self.buffer
        self.iterations += 1


class Adam(Optimizer):
    """Adam with bias correction:
    m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²;
    theta ← theta − lr · m̂ / (√v̂ + epsilon), with m̂ = m / (1 − β1ᵗ), v̂ = v / (1 − β2ᵗ).
    """

    def __init__(
        self,
        size: int,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-8,
        **_: float,
    ):
        super().__init__(size)
        self.beta_1, self.beta_2, self.epsilon = beta_1, beta_2, epsilon
        self.m = np.zeros(size)
        self.v = np.zeros(size)

    def step(self, theta: Array, grad: Array, lr: float) -> None:
        self.iterations += 1
        t, buffer = self.iterations, self.buffer
        np.subtract(grad, self.m, out=buffer)  # m ← m + (1 − β1)(g − m), same as above
        buffer *= 1.0 - self.beta_1
        self.m += buffer
        np.multiply(grad, grad, out=buffer)
        buffer -= self.v
        buffer *= 1.0 - self.beta_2
        self.v += buffer
        # lr·m̂/(√v̂ + ε) = lr_t·m/(√v + ε_t) with lr_t = lr·√(1 − β2ᵗ)/(1 − β1ᵗ), ε_t = ε·√(1 − β2ᵗ)
        v_correction = math.sqrt(1.0 - self.beta_2**t)
        np.sqrt(self.v, out=buffer)
        buffer += self.epsilon * v_correction
        np.divide(self.m, buffer, out=buffer)
        buffer *= lr * v_correction / (1.0 - self.beta_1**t)
        theta -= buffer


OPTIMIZERS: dict[str, type[Optimizer]] = {
    "sgd": SGD,
    "momentum": Momentum,
    "rmsprop": RMSprop,
    "adam": Adam,
}


def make_optimizer(name: str, size: int, **settings: float) -> Optimizer:
    """A fresh optimizer for `size` parameters; unknown settings for that optimizer are ignored."""
    if name not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {name!r}; choose one of: {', '.join(OPTIMIZERS)}")
    return OPTIMIZERS[name](size, **settings)


def _constant(epoch: int, decay: float, every: int) -> float:
    return 1.0


def _step_decay(epoch: int, decay: float, every: int) -> float:
    return decay ** (epoch // every)


def _cosine(epoch: int, decay: float, every: int) -> float:
    progress = min(epoch, every) / every
    return COSINE_FLOOR + (1.0 - COSINE_FLOOR) * 0.5 * (1.0 + math.cos(math.pi * progress))


SCHEDULES = {"constant": _constant, "step": _step_decay, "cosine": _cosine}


def scheduled_learning_rate(
    base: float, schedule: str, epoch: int, decay: float, every: int
) -> float:
    """The learning rate for `epoch` (0-based) under a schedule."""
    if schedule not in SCHEDULES:
        raise ValueError(f"unknown lr_schedule {schedule!r}; choose one of: {', '.join(SCHEDULES)}")
    return base * SCHEDULES[schedule](epoch, decay, every)
