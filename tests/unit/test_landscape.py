"""The loss landscape (analysis/landscape.py): grid values, directions, path, and the record.

The grid is checked against the plainest possible computation: set a copy's theta to
θc + α·d1 + β·d2 and ask `Network.evaluate` for the loss, at sampled grid points, for networks
with every head and with batch norm and dropout. The training loop's record of recent weights
(core/parameter_path.py) is bounded, cleared by a rebuild and never changes training.
"""

from __future__ import annotations

import numpy as np
import pytest

from playground import PlaygroundConfig, Trainer
from playground.analysis.activity import clone_network
from playground.analysis.landscape import (
    DirectionsCache,
    loss_landscape,
    path_directions,
    project_path,
    random_directions,
)
from playground.analysis.landscape_grid import (
    LAYER_STEPS,
    grid_losses,
    landscape_work,
    within_budget,
)
from playground.core.layers import Layer
from playground.core.parameter_path import ParameterPath
from playground.live.session import new_state
from playground.viz.landscape_figures import landscape_figure

CASES = {
    "binary": dict(),
    "batch-norm-dropout": dict(hidden_layers=(6, 5), batch_norm=True, dropout=0.2),
    "multiclass": dict(dataset="blobs", n_classes=4, hidden_layers=(5,), activation="relu"),
    "regression": dict(dataset="plane", problem="regression", hidden_layers=(4, 3)),
    "squared-error": dict(loss="squared_error", activation="sigmoid"),
    "linear-model": dict(hidden_layers=(), features=("x1", "x2", "x1x2")),
    "deep-softplus": dict(hidden_layers=(8, 8, 8), activation="softplus", optimizer="adam"),
    "skip-connections": dict(hidden_layers=(5, 5, 3, 3), skip_connections=True, batch_norm=True),
}
# Float32 grid against the float64 evaluation.
RTOL, ATOL = 2e-4, 2e-5


def trained(epochs: int = 15, **config) -> Trainer:
    trainer = Trainer(PlaygroundConfig(**config))
    trainer.run_epochs(epochs)
    return trainer


def direct_loss(trainer: Trainer, theta: np.ndarray, penalty: bool = False) -> float:
    """The loss at `theta`, computed the plain way on a copy of the network."""
    copy = clone_network(trainer.network)
    copy.theta[:] = theta
    loss = copy.evaluate(trainer.inputs_train, trainer.y_train)
    return loss + (copy.penalty() if penalty else 0.0)


@pytest.mark.parametrize("name", CASES)
def test_grid_values_equal_the_loss_at_those_weights(name: str) -> None:
    trainer = trained(**CASES[name])
    landscape = loss_landscape(trainer, resolution=9, span=0.8, seed=3)
    assert landscape.loss.shape == (9, 9) and landscape.loss.dtype == np.float32
    assert landscape.alphas.shape == landscape.betas.shape == (9,)
    d1, d2 = random_directions(trainer.network, 3)
    centre = trainer.network.theta.copy()
    for i, j in [(0, 0), (0, 8), (8, 3), (2, 7), (4, 4), (6, 1)]:
        alpha, beta = landscape.alphas[j], landscape.betas[i]  # rows follow β
        expected = direct_loss(trainer, centre + alpha * d1 + beta * d2)
        assert landscape.loss[i, j] == pytest.approx(expected, rel=RTOL, abs=ATOL), (i, j)
    assert np.array_equal(trainer.network.theta, centre)  # the network was only read


def test_a_rectangular_grid_has_rows_along_beta() -> None:
    trainer = trained()
    network = trainer.network
    d1, d2 = random_directions(network, 0)
    alphas, betas = np.linspace(-1, 1, 5), np.array([-0.5, 0.0, 0.25])
    targets = network.targets(trainer.y_train)
    losses = grid_losses(network, trainer.inputs_train, targets, d1, d2, alphas, betas)
    assert losses.shape == (3, 5)
    expected = direct_loss(trainer, network.theta + alphas[4] * d1 + betas[2] * d2)
    assert losses[2, 4] == pytest.approx(expected, rel=RTOL, abs=ATOL)


def test_the_centre_is_the_current_training_loss() -> None:
    trainer = trained(hidden_layers=(6, 5), batch_norm=True)
    landscape = loss_landscape(trainer, resolution=11)
    train_loss = trainer.evaluate()["train_loss"]
    assert landscape.centre_loss == pytest.approx(train_loss, rel=1e-12)
    assert landscape.loss[5, 5] == pytest.approx(train_loss, rel=RTOL)
    assert landscape.epoch == trainer.epoch == 15


@pytest.mark.parametrize("regularization", ["l1", "l2"])
def test_the_penalty_is_added_when_asked(regularization: str) -> None:
    trainer = trained(regularization=regularization, regularization_rate=0.05)
    with_penalty = loss_landscape(trainer, resolution=5, penalty=True)
    d1, d2 = random_directions(trainer.network, 0)
    theta = trainer.network.theta + with_penalty.alphas[1] * d1 + with_penalty.betas[3] * d2
    expected = direct_loss(trainer, theta, penalty=True)
    assert with_penalty.loss[3, 1] == pytest.approx(expected, rel=RTOL)
    plain = loss_landscape(trainer, resolution=5)
    assert np.all(with_penalty.loss > plain.loss)


def test_directions_are_filter_normalized_per_neuron() -> None:
    trainer = trained(hidden_layers=(6, 5), batch_norm=True)
    network = trainer.network
    for direction in random_directions(network, 7):
        for weights, block in zip(network.params, network.views(direction), strict=True):
            assert np.allclose(
                np.linalg.norm(block["W"], axis=0), np.linalg.norm(weights["W"], axis=0)
            )
            assert not block["b"].any()
            for name in ("gamma", "beta"):
                assert name not in weights or not block[name].any()
        assert direction.shape == network.theta.shape


def test_a_zero_weight_column_gets_a_zero_direction() -> None:
    trainer = trained()
    trainer.network.params[0]["W"][:, 1] = 0.0
    d1, _ = random_directions(trainer.network, 0)
    assert not trainer.network.views(d1)[0]["W"][:, 1].any()
    assert np.isfinite(d1).all()


def test_directions_are_fixed_for_a_seed_and_differ_between_seeds() -> None:
    network = trained().network
    first, again = random_directions(network, 5), random_directions(network, 5)
    assert all(np.array_equal(a, b) for a, b in zip(first, again, strict=True))
    other = random_directions(network, 6)
    assert not np.allclose(first[0], other[0])
    assert not np.allclose(first[0], first[1])


def test_the_cache_keeps_directions_while_training_and_renews_them_for_a_new_network() -> None:
    state = new_state(PlaygroundConfig())
    cache = DirectionsCache()
    before = cache.get(state.trainer.network, 0)
    state.trainer.run_epochs(5)
    assert cache.get(state.trainer.network, 0) is before  # training moves the weights only
    old_network = state.trainer.network  # still alive: the cache must tell it from the new one
    state.reset()  # a new network
    assert state.trainer.network is not old_network
    after_reset = cache.get(state.trainer.network, 0)
    assert after_reset is not before
    assert cache.get(state.trainer.network, 1) is not after_reset  # "New directions"


def test_the_path_projection_recovers_coordinates_in_the_plane() -> None:
    rng = np.random.default_rng(0)
    centre, d1, d2 = rng.normal(size=(3, 40))
    d2 += 0.7 * d1  # not orthogonal
    coords = rng.uniform(-2, 2, size=(6, 2))
    in_plane = centre + coords[:, :1] * d1 + coords[:, 1:] * d2
    assert np.allclose(project_path(in_plane, centre, d1, d2), coords, atol=1e-10)
    # A part orthogonal to the plane changes nothing: least squares drops it.
    normal = rng.normal(size=40)
    basis, _ = np.linalg.qr(np.stack([d1, d2], axis=1))
    normal -= basis @ (basis.T @ normal)
    off_plane = in_plane + 3.0 * normal
    assert np.allclose(project_path(off_plane, centre, d1, d2), coords, atol=1e-10)
    assert project_path(np.zeros((0, 40)), centre, d1, d2).shape == (0, 2)


def test_the_landscape_path_is_the_recorded_weights_and_ends_at_the_centre() -> None:
    trainer = trained(epochs=30)
    landscape = loss_landscape(trainer, resolution=5)
    assert landscape.path.shape == (31, 2)  # the initial weights and 30 epochs
    assert landscape.path_epochs.tolist() == list(range(31))
    assert np.abs(landscape.path[-1]).max() < 1e-5  # the last epoch's weights are the centre
    assert np.abs(landscape.path[0]).max() > 1e-3


def test_the_recorded_path_is_bounded_and_float32() -> None:
    trainer = Trainer(PlaygroundConfig(n_samples=40, batch_size=20))
    trainer.run_epochs(250)
    path = trainer.path
    assert len(path) == path.capacity == 200
    assert path.epochs.tolist() == list(range(51, 251))
    assert path.thetas.dtype == np.float32
    assert path.thetas.shape == (200, trainer.network.theta.size)
    assert np.allclose(path.thetas[-1], trainer.network.theta, rtol=1e-6)
    wide = Trainer(PlaygroundConfig(hidden_layers=(64,) * 10))
    assert wide.path.capacity * wide.network.theta.size <= 400_000
    assert wide.path.capacity >= 1


def test_a_rebuild_clears_the_path_and_a_restore_forgets_later_epochs() -> None:
    state = new_state(PlaygroundConfig())
    state.trainer.run_epochs(10)
    assert len(state.trainer.path) == 11
    state.reset()
    assert state.trainer.path.epochs.tolist() == [0]
    state.trainer.run_epochs(10)
    trainer = state.trainer
    trainer._restore(trainer._snapshot())  # what divergence and early stopping do
    assert trainer.path.epochs.tolist() == list(range(11))
    trainer.path.truncate(4)
    assert trainer.path.epochs.tolist() == list(range(5))
    trainer.path.clear()
    assert len(trainer.path) == 0 and trainer.path.thetas.shape == (0, trainer.network.theta.size)


def test_weights_set_between_epochs_replace_that_epoch_in_the_path() -> None:
    trainer = Trainer(PlaygroundConfig())
    loaded = trained(epochs=5).network.get_state()  # a saved model, loaded before training
    trainer.network.set_state(loaded)
    trainer.run_epochs(2)
    assert trainer.path.epochs.tolist() == [0, 1, 2]
    assert np.allclose(trainer.path.thetas[0], loaded["theta"], rtol=1e-6)


def test_divergence_truncates_the_path_to_the_last_good_epoch() -> None:
    trainer = Trainer(PlaygroundConfig(dataset="plane", hidden_layers=(8, 8), learning_rate=10.0))
    trainer.run_epochs(200)
    assert trainer.diverged
    assert trainer.path.epochs[-1] == trainer.epoch < 200
    assert np.allclose(trainer.path.thetas[-1], trainer.network.theta, rtol=1e-6)


# Recorded before the path existed (same code otherwise): 30 epochs, the sum of the training-loss
# column and of the final weights.
HISTORY_BEFORE = {
    "default": ({}, 20.11730621219626, -1.1401251928326823),
    "momentum_bn_dropout_l1": (
        dict(
            optimizer="momentum",
            batch_norm=True,
            dropout=0.1,
            regularization="l1",
            regularization_rate=0.003,
            hidden_layers=(8, 8),
        ),
        6.80077641778035,
        19.290218134538513,
    ),
    "adam_blobs": (
        dict(dataset="blobs", n_classes=4, optimizer="adam", learning_rate=0.01),
        6.828551204855389,
        -2.2201777649344807,
    ),
    "regression_early": (
        dict(dataset="plane", problem="regression", early_stopping=5, n_samples=200),
        2.077759236477759,
        -0.1705368174752143,
    ),
}


@pytest.mark.parametrize("name", HISTORY_BEFORE)
def test_recording_the_path_never_changes_training(name: str) -> None:
    config, loss_sum, theta_sum = HISTORY_BEFORE[name]
    recorded = trained(epochs=30, **config)
    assert float(recorded.history.column("train_loss").sum()) == loss_sum
    assert float(recorded.network.theta.sum()) == theta_sum
    unrecorded = Trainer(PlaygroundConfig(**config))
    unrecorded.path = ParameterPath(unrecorded.network.theta.size, length=0)
    unrecorded.run_epochs(30)
    assert len(unrecorded.path) == 0
    for column in ("train_loss", "test_loss", "grad_norms", "weight_norms"):
        assert np.array_equal(recorded.history.column(column), unrecorded.history.column(column))
    assert np.array_equal(recorded.network.theta, unrecorded.network.theta)


def test_an_unknown_layer_type_is_refused_by_name() -> None:
    class Mystery(Layer):
        def forward(self, x, training):
            return x

    trainer = trained(epochs=1)
    trainer.network.layers.insert(1, Mystery())
    with pytest.raises(TypeError, match=r"Mystery.*LAYER_STEPS"):
        loss_landscape(trainer, resolution=3)


def test_every_layer_of_the_built_networks_has_a_step() -> None:
    trainer = trained(epochs=0, hidden_layers=(4, 4), batch_norm=True, dropout=0.1)
    assert {type(layer) for layer in trainer.network.layers} <= set(LAYER_STEPS)


def test_a_subsample_of_points_and_the_work_budget() -> None:
    trainer = trained(n_samples=1000)  # 500 training points
    landscape = loss_landscape(trainer, resolution=5, max_points=100)
    assert (landscape.n_points, landscape.n_train) == (100, 500)
    network = trainer.network
    assert within_budget(network, 500, 25, work=1e12) == (25, 500)
    assert within_budget(network, 500, 25, work=0) == (9, 32)  # the least it does
    resolution, points = within_budget(network, 500, 25, work=2e6)
    assert resolution == 25 and 32 < points < 500
    assert landscape_work(network, points, 25) <= 2e6 < landscape_work(network, points + 1, 25)
    wide = trained(epochs=0, hidden_layers=(64, 64)).network
    resolution, points = within_budget(wide, 250, 25, work=4e7)
    assert points == 32 and 9 < resolution < 25
    assert landscape_work(wide, points, resolution) <= 4e7


def test_views_give_the_params_layout_of_any_vector() -> None:
    network = trained(epochs=0, hidden_layers=(3,), batch_norm=True).network
    views = network.views(network.theta)
    for block, params in zip(views, network.params, strict=True):
        assert block.keys() == params.keys()
        for name in block:
            assert np.shares_memory(block[name], params[name])
            assert np.array_equal(block[name], params[name])
    vector = np.arange(network.theta.size, dtype=np.float64)
    network.views(vector)[1]["b"][:] = -1.0
    assert (vector == -1.0).sum() == network.params[1]["b"].size
    with pytest.raises(ValueError, match="expected a vector"):
        network.views(vector[:-1])


def test_the_figure_draws_the_map_the_path_and_the_centre() -> None:
    trainer = trained(epochs=10)
    landscape = loss_landscape(trainer, resolution=7, span=0.5)
    figure = landscape_figure(landscape)
    kinds = [trace.type for trace in figure.data]
    assert kinds == ["contour", "scatter", "scatter", "scatter"]
    assert len(figure.data[1].x) == len(landscape.path) + 1  # the path, then "now"
    assert "epoch 10" in figure.layout.title.text
    assert list(figure.layout.xaxis.range) == [-0.5, 0.5]
    logged = landscape_figure(landscape, log_scale=True)
    assert np.allclose(logged.data[0].z, np.log10(landscape.loss), atol=1e-5)


# --- the slice along the path -----------------------------------------------------------------
def test_path_directions_hold_the_path_and_say_how_much_of_it_they_explain() -> None:
    trainer = trained(epochs=30, hidden_layers=(4, 2), learning_rate=0.1)
    landscape = loss_landscape(trainer, resolution=9, along_path=True)
    first, second = landscape.path_shares
    assert 0.5 < first <= 1 and 0 < second <= first and first + second <= 1 + 1e-9
    # Scaled so that ±1 just holds the path; the centre is still the weights now.
    np.testing.assert_allclose(np.abs(landscape.path).max(axis=0), [1.0, 1.0], atol=1e-6)
    assert landscape.loss[4, 4] == pytest.approx(landscape.centre_loss, rel=RTOL)
    # The path's own plane holds more of the path than a random plane through the same point.
    centre = trainer.network.theta
    offsets = trainer.path.thetas.astype(np.float64) - centre
    p1, p2, _ = path_directions(trainer.path.thetas, centre)
    d1, d2 = random_directions(trainer.network, 0)

    def misfit(plane: np.ndarray) -> float:
        coords = np.linalg.lstsq(plane.T, offsets.T, rcond=None)[0].T
        return float(np.linalg.norm(offsets - coords @ plane, axis=1).sum())

    assert misfit(np.stack([p1, p2])) < 0.5 * misfit(np.stack([d1, d2]))


def test_a_path_too_short_for_two_directions_is_refused_in_plain_words() -> None:
    trainer = trained(epochs=1)
    with pytest.raises(ValueError, match="few epochs"):
        loss_landscape(trainer, resolution=9, along_path=True)


def test_the_tabs_sliders_offer_the_default_span_and_resolution() -> None:
    from playground.analysis.landscape import RESOLUTION, SPAN
    from playground.ui.widgets.landscape import RESOLUTIONS, SPANS

    assert SPAN in SPANS and RESOLUTION in RESOLUTIONS  # they start at the defaults
