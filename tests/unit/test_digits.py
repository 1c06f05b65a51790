"""The digits dataset: shapes, scaling, a seeded split, the inspection helpers, and training."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.datasets import load_digits

from playground.config import PlaygroundConfig
from playground.data.digits import (
    PIXEL_NAMES,
    as_images,
    confusion_matrix,
    first_layer_images,
    is_digits_dataset,
    load_digits_dataset,
    misclassified,
    predicted_labels,
)
from playground.trainer import Trainer


def test_shapes_classes_and_pixel_names() -> None:
    data = load_digits_dataset(train_ratio=0.7, seed=0)
    assert data.x_train.shape == data.inputs_train.shape == (1258, 64)
    assert data.x_test.shape == data.inputs_test.shape == (539, 64)
    assert data.y_train.shape == (1258,) and data.y_test.shape == (539,)
    assert data.y_train.dtype == np.int64 and set(np.unique(data.y_train)) == set(range(10))
    assert data.problem == "classification" and data.n_classes == 10 and data.n_outputs == 10
    assert data.feature_names == PIXEL_NAMES and data.n_features == 64
    assert PIXEL_NAMES[0] == "pixel_0_0" and PIXEL_NAMES[9] == "pixel_1_1"
    assert data.bounds == (0.0, 1.0)
    assert is_digits_dataset(data)


def test_pixels_are_scaled_to_zero_one_and_images_keep_their_orientation() -> None:
    data = load_digits_dataset(train_ratio=0.5, seed=3)
    everything = np.vstack([data.inputs_train, data.inputs_test])
    assert everything.min() == 0.0 and everything.max() == 1.0
    reference = load_digits()
    expected = {bytes(row.astype(np.float64).tobytes()) for row in reference.images / 16.0}
    assert all(bytes(image.tobytes()) in expected for image in as_images(data.x_test[:20]))


def test_the_split_is_seeded_and_covers_every_image_once() -> None:
    first, again = load_digits_dataset(0.7, seed=5), load_digits_dataset(0.7, seed=5)
    other = load_digits_dataset(0.7, seed=6)
    np.testing.assert_array_equal(first.x_train, again.x_train)
    np.testing.assert_array_equal(first.y_test, again.y_test)
    assert not np.array_equal(first.y_train, other.y_train)
    assert len(load_digits_dataset(0.2, seed=5).y_train) == round(1797 * 0.2)
    rows = np.vstack([first.x_train, first.x_test])
    reference = load_digits().data / 16.0
    np.testing.assert_array_equal(rows[np.lexsort(rows.T)], reference[np.lexsort(reference.T)])


def test_arrays_are_read_only_and_a_bad_ratio_is_refused() -> None:
    data = load_digits_dataset()
    with pytest.raises(ValueError):
        data.x_train[0, 0] = 1.0
    with pytest.raises(ValueError, match="train_ratio"):
        load_digits_dataset(train_ratio=0.95)


def test_first_layer_images_are_the_weight_columns_as_8x8() -> None:
    weights = np.arange(64 * 3, dtype=float).reshape(64, 3)
    images = first_layer_images(weights)
    assert images.shape == (3, 8, 8)
    for j in range(3):
        np.testing.assert_array_equal(images[j], weights[:, j].reshape(8, 8))
    with pytest.raises(ValueError, match="64"):
        first_layer_images(np.zeros((2, 3)))


def test_misclassified_and_confusion_matrix_count_the_right_cells() -> None:
    data = load_digits_dataset(0.9, seed=1)
    probabilities = np.eye(10)[data.y_test].copy()
    probabilities[[0, 5]] = np.eye(10)[(data.y_test[[0, 5]] + 1) % 10]  # two wrong answers
    mistakes = misclassified(data, probabilities)
    np.testing.assert_array_equal(mistakes.indices, [0, 5])
    np.testing.assert_array_equal(mistakes.true_labels, data.y_test[[0, 5]])
    np.testing.assert_array_equal(mistakes.predicted_labels, (data.y_test[[0, 5]] + 1) % 10)
    np.testing.assert_array_equal(mistakes.images[1], data.x_test[5].reshape(8, 8))
    counts = confusion_matrix(data.y_test, predicted_labels(probabilities))
    assert counts.shape == (10, 10) and counts.sum() == len(data.y_test)
    assert np.trace(counts) == len(data.y_test) - 2
    true_0, guess_0 = data.y_test[0], (data.y_test[0] + 1) % 10
    assert counts[true_0, guess_0] >= 1  # row = true digit, column = prediction


def test_a_small_mlp_reaches_90_percent_in_400_steps() -> None:
    """The work is counted, not timed: 10 epochs of 1,258 images in batches of 32 are 400 steps
    of a 64-16-10 network, cheap on any machine, and they must be enough."""
    data = load_digits_dataset(0.7, seed=0)
    config = PlaygroundConfig(
        hidden_layers=(16,), activation="relu", optimizer="adam", learning_rate=0.01, batch_size=32
    )
    trainer = Trainer(config, data=data)
    assert trainer.network.spec.n_inputs == 64 and trainer.network.spec.n_outputs == 10
    assert trainer.network.spec.output_kind == "multiclass"
    assert trainer.network.theta.size == (64 + 1) * 16 + (16 + 1) * 10
    assert trainer.run_epochs(10) == 10 * math.ceil(1258 / 32) == 400
    assert trainer.history[-1]["test_accuracy"] >= 0.90
    assert trainer.network.predict(data.inputs_test[:3]).sum(axis=1) == pytest.approx(1.0)
