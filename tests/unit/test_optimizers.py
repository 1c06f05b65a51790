"""Optimizer steps and learning-rate schedules against values worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from playground.core.optimizers import make_optimizer, scheduled_learning_rate


def run_steps(name: str, grads: list[list[float]], lr: float = 0.1, **settings) -> np.ndarray:
    theta = np.array([1.0, -2.0])
    optimizer = make_optimizer(name, 2, **settings)
    for grad in grads:
        optimizer.step(theta, np.array(grad), lr)
    return theta


def test_sgd_step() -> None:
    # 1 - 0.1·0.5 = 0.95; -2 - 0.1·(-1) = -1.9
    np.testing.assert_allclose(run_steps("sgd", [[0.5, -1.0]]), [0.95, -1.9])


def test_momentum_two_steps() -> None:
    # v1 = -0.1·g1 = [-0.05, 0.1]; theta1 = [0.95, -1.9]
    # v2 = 0.9·v1 - 0.1·g2 = [-0.045 - 0.02, 0.09 - 0.02] = [-0.065, 0.07]; theta2 = [0.885, -1.83]
    theta = run_steps("momentum", [[0.5, -1.0], [0.2, 0.2]], momentum=0.9)
    np.testing.assert_allclose(theta, [0.885, -1.83])


def test_nesterov_two_steps() -> None:
    # step 1: v1 = [-0.05, 0.1]; theta += 0.9·v1 - 0.1·g1 -> [0.905, -1.81]
    # step 2: v2 = [-0.065, 0.07]; theta += 0.9·v2 - 0.1·g2 = [-0.0585-0.02, 0.063-0.02]
    theta = run_steps("momentum", [[0.5, -1.0], [0.2, 0.2]], momentum=0.9, nesterov=True)
    np.testing.assert_allclose(theta, [0.905 - 0.0785, -1.81 + 0.043])


def test_rmsprop_step() -> None:
    # s = 0.1·g² = [0.025, 0.1]; step = 0.1·g/(√s + 1e-8)
    theta = run_steps("rmsprop", [[0.5, -1.0]], rho=0.9, epsilon=1e-8)
    expected = [
        1.0 - 0.1 * 0.5 / (math.sqrt(0.025) + 1e-8),
        -2.0 + 0.1 * 1.0 / (math.sqrt(0.1) + 1e-8),
    ]
    np.testing.assert_allclose(theta, expected)


def test_adam_first_step_moves_each_weight_by_the_learning_rate() -> None:
    # After one step m̂ = g and v̂ = g², so the step is lr·g/(|g| + ε) ≈ lr·sign(g).
    theta = run_steps("adam", [[0.5, -1.0]], beta_1=0.9, beta_2=0.999, epsilon=1e-8)
    np.testing.assert_allclose(theta, [1.0 - 0.1 * 0.5 / (0.5 + 1e-8), -2.0 + 0.1 / (1.0 + 1e-8)])


def test_adam_two_steps_by_hand() -> None:
    g1, g2, b1, b2, eps, lr = np.array([0.5, -1.0]), np.array([0.2, 0.2]), 0.9, 0.999, 1e-8, 0.1
    m1, v1 = (1 - b1) * g1, (1 - b2) * g1**2
    theta = np.array([1.0, -2.0]) - lr * (m1 / (1 - b1)) / (np.sqrt(v1 / (1 - b2)) + eps)
    m2, v2 = b1 * m1 + (1 - b1) * g2, b2 * v1 + (1 - b2) * g2**2
    theta = theta - lr * (m2 / (1 - b1**2)) / (np.sqrt(v2 / (1 - b2**2)) + eps)
    result = run_steps("adam", [g1.tolist(), g2.tolist()], beta_1=b1, beta_2=b2, epsilon=eps)
    np.testing.assert_allclose(result, theta, rtol=1e-7)


def test_optimizer_state_round_trip() -> None:
    optimizer = make_optimizer("adam", 2)
    theta = np.zeros(2)
    optimizer.step(theta, np.array([1.0, 2.0]), 0.1)
    state = optimizer.get_state()
    optimizer.step(theta, np.array([3.0, 1.0]), 0.1)
    after_two = theta.copy()
    optimizer.set_state(state)
    theta2 = np.zeros(2)
    make_optimizer("adam", 2).step(theta2, np.array([1.0, 2.0]), 0.1)
    optimizer.step(theta2, np.array([3.0, 1.0]), 0.1)
    np.testing.assert_array_equal(theta2, after_two)


def test_unknown_optimizer_lists_the_choices() -> None:
    with pytest.raises(ValueError, match="sgd, momentum, rmsprop, adam"):
        make_optimizer("lbfgs", 3)


@pytest.mark.parametrize(
    ("schedule", "epoch", "expected"),
    [
        ("constant", 500, 0.1),
        ("step", 0, 0.1),
        ("step", 99, 0.1),
        ("step", 100, 0.05),
        ("step", 250, 0.025),
        ("cosine", 0, 0.1),
        ("cosine", 50, 0.1 * (0.01 + 0.99 * 0.5)),
        ("cosine", 100, 0.001),
        ("cosine", 400, 0.001),
    ],
)
def test_learning_rate_schedules(schedule: str, epoch: int, expected: float) -> None:
    assert scheduled_learning_rate(0.1, schedule, epoch, 0.5, 100) == pytest.approx(expected)
