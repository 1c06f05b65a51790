"""Every lesson's "What you should see" is true: each preset is trained as its lesson says.

Each test below trains a lesson's preset (or its A/B pair) for the epochs the preset states and
asserts, with numbers, the effect the lesson promises. `CLAIMED` lists the figures each lesson's
text quotes: if someone edits a number in a lesson, the matching test here must change with it.
Everything runs with the presets' fixed seeds; the whole file takes a few seconds.
"""

from __future__ import annotations

import numpy as np
import pytest

from playground.config import PlaygroundConfig
from playground.data.digits import confusion_matrix, first_layer_images, predicted_labels
from playground.experiments.presets import Preset, list_lessons, load_preset
from playground.experiments.sweep import DIVERGED, run_sweep
from playground.trainer import Trainer

SECTIONS = ("The idea", "Try this", "What you should see")
# Figures quoted in each lesson's "What you should see", asserted by the tests below.
CLAIMED = {
    1: ["95 %", "0.68", "65 %"],
    2: ["0.68", "60 %", "90 %"],
    3: ["100 times", "2,000 times", "10 times", "60 %", "95 %"],
    4: ["5 %", "a fifth", "95 %", "20 epochs", "diverged"],
    5: ["0.67", "0.2", "90 %", "exactly zero", "60 %"],
    6: ["100 %", "more than 1", "1.9", "at least", "halves", "epoch 15", "less than half"],
    7: ["30 %", "15 %", "never", "0.5", "0.25"],
    8: ["0.2", "95 %", "60 %", "0.01", "0.5"],
    9: ["0.01 for batch 1", "0.1 for batch 10", "1 for batch 50", "diverge", "0.6", "95 %"],
    10: ["95 %", "0.1", "0.2"],
}


def train(config: PlaygroundConfig, epochs: int, preset: Preset | None = None) -> Trainer:
    trainer = Trainer(config, data=preset.dataset() if preset else None)
    trainer.run_epochs(epochs)
    return trainer


def final(trainer: Trainer, name: str) -> float:
    return trainer.history[-1][name]


def gap(trainer: Trainer) -> float:
    """Test loss minus training loss after the last epoch."""
    return final(trainer, "test_loss") - final(trainer, "train_loss")


def pair(name: str) -> tuple[Trainer, Trainer, Preset]:
    preset = load_preset(name)
    assert preset.compare is not None and preset.epochs is not None
    a, b = (train(config, preset.epochs, preset) for config in preset.compare)
    return a, b, preset


# --- the lesson files ---------------------------------------------------------------------------
def test_there_are_ten_lessons_in_order_each_with_its_sections_and_preset() -> None:
    lessons = list_lessons()
    assert [lesson.number for lesson in lessons] == list(range(1, 11))
    assert lessons[0].slug == "01-single-neuron" and lessons[-1].slug == "10-deep-features"
    for lesson in lessons:
        sections = lesson.sections()
        for heading in SECTIONS:
            assert sections.get(heading), f"lesson {lesson.number} lacks '{heading}'"
        assert lesson.load_preset().epochs is not None


@pytest.mark.parametrize("number", sorted(CLAIMED))
def test_each_lesson_quotes_the_figures_its_test_checks(number: int) -> None:
    lesson = next(lesson for lesson in list_lessons() if lesson.number == number)
    text = lesson.sections()["What you should see"]
    for figure in CLAIMED[number]:
        assert figure in text, f"lesson {number} should say {figure!r} (or update this test)"


# --- one test per lesson --------------------------------------------------------------------------
def test_01_a_single_neuron_separates_the_gaussians_but_not_the_circle() -> None:
    preset = load_preset("lesson-01-single-neuron")
    assert preset.config.hidden_layers == ()
    gauss = train(preset.config, preset.epochs)
    assert final(gauss, "test_accuracy") >= 0.95
    circle = train(preset.config.replace(dataset="circle", noise=0.0), preset.epochs)
    assert final(circle, "test_loss") >= 0.68
    assert final(circle, "test_accuracy") <= 0.65


def test_02_a_deep_linear_network_cannot_solve_xor_one_tanh_layer_can() -> None:
    linear, tanh, preset = pair("lesson-02-layers")
    assert set(linear.config.activations()) == {"linear"} and len(linear.config.hidden_layers) == 2
    assert final(linear, "test_loss") >= 0.68
    assert final(linear, "test_accuracy") <= 0.60
    assert final(tanh, "test_accuracy") >= 0.90
    for seed in range(1, 6):  # the linear net's loss stays at guessing level whatever the seed
        other = train(linear.config.replace(seed=seed), preset.epochs)
        assert final(other, "test_loss") >= 0.68


def first_to_last_gradient_ratio(trainer: Trainer) -> float:
    """Median over epochs of |grad W| of the first layer over that of the last layer."""
    norms = trainer.history.column("grad_norms")
    return float(np.median(norms[:, 0] / norms[:, -1]))


def test_03_sigmoid_gradients_vanish_in_a_deep_network_relu_gradients_do_not() -> None:
    sigmoid, relu, _ = pair("lesson-03-activations")
    assert len(sigmoid.config.hidden_layers) == 6
    assert first_to_last_gradient_ratio(sigmoid) < 1 / 100
    assert 1 / 4000 < first_to_last_gradient_ratio(sigmoid) < 1 / 1000  # "about 2,000 times"
    assert 1 / 10 < first_to_last_gradient_ratio(relu) < 10
    assert final(sigmoid, "test_accuracy") <= 0.60
    assert final(relu, "test_accuracy") >= 0.95


def test_04_too_small_learning_rate_crawls_right_one_converges_too_large_diverges() -> None:
    preset = load_preset("lesson-04-learning-rate")
    small, large = preset.compare
    assert (small.learning_rate, preset.config.learning_rate, large.learning_rate) == (
        0.0001,
        0.03,
        10.0,
    )
    crawl = train(small, preset.epochs)
    assert final(crawl, "train_loss") >= 0.95 * crawl.initial_loss
    right = train(preset.config, preset.epochs)
    assert final(right, "test_accuracy") >= 0.95 and not right.diverged
    assert final(right, "train_loss") < 0.2 * right.initial_loss
    wild = train(large, preset.epochs)
    assert wild.diverged and wild.epoch < 20 and "overshoot" in wild.divergence


def test_05_backprop_trains_a_2_2_1_network_and_zero_weights_never_move() -> None:
    trained, zeros, _ = pair("lesson-05-backpropagation")
    assert trained.config.hidden_layers == (2,)
    assert trained.initial_loss == pytest.approx(0.67, abs=0.02)
    assert final(trained, "train_loss") < 0.2
    assert final(trained, "test_accuracy") >= 0.90
    assert all(np.all(block["W"] == 0.0) for block in zeros.network.params)
    assert final(zeros, "test_accuracy") <= 0.60


def test_05_backprop_gradient_is_the_slope_you_measure_by_nudging_each_weight() -> None:
    preset = load_preset("lesson-05-backpropagation")
    trainer = Trainer(preset.config)
    network, x, y = trainer.network, trainer.inputs_train[:20], trainer.y_train[:20]
    _, grads = network.loss_and_grads(x, y)
    for layer, block in enumerate(network.params):
        for position in np.ndindex(block["W"].shape):
            original = block["W"][position]
            slopes = []
            for step in (1e-6, -1e-6):
                block["W"][position] = original + step
                slopes.append(network.evaluate(x, y))
            block["W"][position] = original
            numeric = (slopes[0] - slopes[1]) / 2e-6
            assert grads[layer]["W"][position] == pytest.approx(numeric, abs=1e-7)


def test_06_overfitting_gap_at_least_halves_with_each_remedy() -> None:
    preset = load_preset("lesson-06-overfitting")
    plain, l2 = (train(config, preset.epochs) for config in preset.compare)
    assert final(plain, "train_accuracy") == 1.0 and len(plain.inputs_train) == 50
    assert gap(plain) > 1.0 and gap(plain) == pytest.approx(1.9, abs=0.15)
    remedies = {
        "l2": l2,
        "l1": train(preset.config.replace(regularization="l1", regularization_rate=0.01), 300),
        "dropout": train(preset.config.replace(dropout=0.5), 300),
        "more data": train(preset.config.replace(train_ratio=0.5), 300),
    }
    for name, remedy in remedies.items():
        assert gap(remedy) <= 0.5 * gap(plain), name
    test_loss = plain.history.column("test_loss")
    train_loss = plain.history.column("train_loss")
    best = int(np.argmin(test_loss))
    assert 10 <= best + 1 <= 20  # early stopping: lowest "before epoch 50 (about epoch 15)"
    assert test_loss[best] - train_loss[best] <= 0.5 * gap(plain)


def fraction_of_epochs_loss_rose(trainer: Trainer) -> float:
    return float(np.mean(np.diff(trainer.history.column("train_loss")) > 0))


def test_07_small_batches_are_noisy_full_batch_is_smooth_but_slow() -> None:
    preset = load_preset("lesson-07-batch-size")
    one, full = (train(config, preset.epochs) for config in preset.compare)
    ten = train(preset.config, preset.epochs)
    assert (one.config.batch_size, ten.config.batch_size, full.config.batch_size) == (1, 10, 250)
    assert len(full.inputs_train) == 250 and full.step == preset.epochs
    assert ten.step == 25 * preset.epochs and one.step == 250 * preset.epochs
    assert fraction_of_epochs_loss_rose(one) >= 0.30
    assert fraction_of_epochs_loss_rose(ten) <= 0.15
    assert fraction_of_epochs_loss_rose(full) == 0.0
    assert final(full, "train_loss") >= 0.5
    assert final(ten, "train_loss") <= 0.25 and final(one, "train_loss") <= 0.25


def last_hidden_layer_spread(trainer: Trainer) -> float:
    """How much the most varied neuron of the last hidden layer changes over the plane."""
    axis = np.linspace(-6.0, 6.0, 50)
    points = np.stack(np.meshgrid(axis, axis), axis=-1).reshape(-1, 2)
    maps = trainer.network.evaluate_grid(trainer.features(points).astype(np.float32))
    return float(np.ptp(maps.hidden[-1], axis=1).max())


def test_08_batch_norm_rescues_the_deep_sigmoid_network() -> None:
    without, with_norm, _ = pair("lesson-08-batch-norm")
    assert without.config.activations() == ("sigmoid",) * 6 and with_norm.config.batch_norm
    assert final(with_norm, "train_loss") < 0.2 < 0.6 < final(without, "train_loss")
    assert final(with_norm, "test_accuracy") >= 0.95
    assert final(without, "test_accuracy") <= 0.60
    assert last_hidden_layer_spread(without) < 0.01
    assert last_hidden_layer_spread(with_norm) > 0.5


def test_09_the_best_learning_rate_grows_with_the_batch_size() -> None:
    preset = load_preset("lesson-09-tuning")
    sweep = preset.sweep
    axes = {axis.field: list(axis.values) for axis in sweep.axes}
    result = run_sweep(preset.config, axes, sweep.epochs, n_jobs=1)
    rates, batches = axes["learning_rate"], axes["batch_size"]
    assert batches == [1, 10, 50]
    best_rate = [rates[int(np.nanargmin(result.test_loss[:, j]))] for j in range(len(batches))]
    assert best_rate == [0.01, 0.1, 1.0]
    assert all(status == DIVERGED for status in result.status[rates.index(10.0), :2])
    assert result.test_loss[rates.index(0.001), batches.index(50)] >= 0.6
    assert result.test_metric[result.best_index()] >= 0.95


def neighbour_correlation(images: np.ndarray) -> float:
    """Correlation between each weight-image pixel and its right and lower neighbours."""
    left = np.r_[images[:, :, :-1].ravel(), images[:, :-1, :].ravel()]
    right = np.r_[images[:, :, 1:].ravel(), images[:, 1:, :].ravel()]
    return float(np.corrcoef(left, right)[0, 1])


def test_10_digits_are_learned_and_the_first_layer_learns_smooth_stroke_detectors() -> None:
    preset = load_preset("lesson-10-deep-features")
    data = preset.dataset()
    trainer = Trainer(preset.config, data=data)
    before = neighbour_correlation(first_layer_images(trainer.network.params[0]["W"]))
    trainer.run_epochs(preset.epochs)
    after = neighbour_correlation(first_layer_images(trainer.network.params[0]["W"]))
    assert abs(before) < 0.1 and after > 0.2
    assert final(trainer, "test_accuracy") >= 0.95
    predicted = predicted_labels(trainer.network.predict(data.inputs_test))
    counts = confusion_matrix(data.y_test, predicted)
    assert np.trace(counts) / counts.sum() >= 0.95
