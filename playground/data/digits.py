"""Handwritten digits: scikit-learn's 8 × 8 images as a playground `Dataset`, and a look inside.

The last lesson leaves the 2-D plane for real data: 1,797 small greyscale images of the digits 0–9
that ship with scikit-learn (`load_digits`, no download). Each image is 64 pixels with values 0–16;
here they are scaled to [0, 1] and become the network's 64 inputs, so `x_*` and `inputs_*` hold the
same (n, 64) array and `feature_names` names the pixels row by row ("pixel_0_0" … "pixel_7_7").
The split is seeded and shuffled once, like every other dataset, so `Trainer(config,
data=load_digits_dataset(...))` trains a 64-input, 10-class softmax network. Three helpers show what
the network learned: each first-layer neuron's weights drawn as an 8 × 8 image, the test images it
gets wrong with the label it guessed, and the confusion matrix of true against predicted digits.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import numpy as np

from playground.data.dataset import Dataset, train_size

IMAGE_SIDE = 8
N_PIXELS = IMAGE_SIDE * IMAGE_SIDE
N_DIGITS = 10
MAX_PIXEL_VALUE = 16.0  # load_digits counts the dark cells of a 4 x 4 block: 0..16
PIXEL_BOUNDS: tuple[float, float] = (0.0, 1.0)
PIXEL_NAMES: tuple[str, ...] = tuple(
    f"pixel_{row}_{col}" for row in range(IMAGE_SIDE) for col in range(IMAGE_SIDE)
)


class Mistakes(NamedTuple):
    """Test images the network got wrong: images (m, 8, 8), true and predicted labels (m,)."""

    images: np.ndarray
    true_labels: np.ndarray
    predicted_labels: np.ndarray
    indices: np.ndarray  # positions in the test set


@functools.cache
def _all_digits() -> tuple[np.ndarray, np.ndarray]:
    """Every image as (1797, 64) float64 in [0, 1] and its label (1797,) int64, read once."""
    from sklearn.datasets import load_digits  # imported here: only this dataset needs it

    bunch = load_digits()
    pixels = np.asarray(bunch.data, dtype=np.float64) / MAX_PIXEL_VALUE
    labels = np.asarray(bunch.target, dtype=np.int64)
    pixels.setflags(write=False)
    labels.setflags(write=False)
    return pixels, labels


def load_digits_dataset(train_ratio: float = 0.7, seed: int = 0) -> Dataset:
    """The digits as a `Dataset`, shuffled once with `default_rng([seed, 0])` and split.

    Args:
        train_ratio: fraction of the 1,797 images used for training, 0.1 to 0.9.
        seed: non-negative integer; the same seed always gives the same split.

    Returns:
        A `Dataset` with x_* = inputs_* of shape (n, 64) in [0, 1], labels 0..9,
        problem "classification", n_classes 10, feature_names `PIXEL_NAMES`, bounds (0, 1).
    """
    if not 0.1 <= train_ratio <= 0.9:
        raise ValueError(f"train_ratio must be between 0.1 and 0.9, got {train_ratio}.")
    pixels, labels = _all_digits()
    order = np.random.default_rng([seed, 0]).permutation(len(pixels))
    n_train = train_size(len(pixels), train_ratio)
    train, test = order[:n_train], order[n_train:]
    x_train, x_test = _read_only(pixels[train]), _read_only(pixels[test])
    return Dataset(
        x_train=x_train,
        y_train=_read_only(labels[train]),
        x_test=x_test,
        y_test=_read_only(labels[test]),
        inputs_train=x_train,
        inputs_test=x_test,
        problem="classification",
        n_classes=N_DIGITS,
        feature_names=PIXEL_NAMES,
        bounds=PIXEL_BOUNDS,
    )


def is_digits_dataset(dataset: Dataset) -> bool:
    """True for a dataset made by `load_digits_dataset` (64 pixel inputs, 10 classes)."""
    return dataset.feature_names == PIXEL_NAMES and dataset.n_classes == N_DIGITS


def as_images(rows: np.ndarray) -> np.ndarray:
    """Rows of 64 pixels (n, 64) as images (n, 8, 8); row 0 of an image is its top."""
    return np.asarray(rows).reshape(-1, IMAGE_SIDE, IMAGE_SIDE)


def first_layer_images(first_layer_weights: np.ndarray) -> np.ndarray:
    """Each first-layer neuron's incoming weights as an 8 × 8 image.

    Args:
        first_layer_weights: W of the first dense layer, shape (64, units)
            (`network.params[0]["W"]`).

    Returns:
        (units, 8, 8): image j is `W[:, j].reshape(8, 8)`, the pattern neuron j responds to most.
    """
    weights = np.asarray(first_layer_weights)
    if weights.ndim != 2 or weights.shape[0] != N_PIXELS:
        raise ValueError(f"expected first-layer weights of shape (64, units), got {weights.shape}")
    return np.ascontiguousarray(weights.T).reshape(-1, IMAGE_SIDE, IMAGE_SIDE)


def predicted_labels(probabilities: np.ndarray) -> np.ndarray:
    """The most probable class of each row of softmax outputs (n, 10), as (n,) int64."""
    return np.asarray(probabilities).argmax(axis=1).astype(np.int64)


def misclassified(dataset: Dataset, probabilities: np.ndarray) -> Mistakes:
    """The test images whose predicted digit is wrong.

    Args:
        dataset: the digits dataset.
        probabilities: the network's outputs on `dataset.inputs_test`, shape (n_test, 10)
            (`network.predict(dataset.inputs_test)`).
    """
    predicted = predicted_labels(probabilities)
    wrong = np.flatnonzero(predicted != dataset.y_test)
    return Mistakes(
        images=as_images(dataset.x_test[wrong]),
        true_labels=np.asarray(dataset.y_test[wrong]),
        predicted_labels=predicted[wrong],
        indices=wrong,
    )


def confusion_matrix(
    true_labels: np.ndarray, predicted: np.ndarray, n_classes: int = N_DIGITS
) -> np.ndarray:
    """Counts (n_classes, n_classes) of images: row = true digit, column = predicted digit."""
    counts = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(counts, (np.asarray(true_labels), np.asarray(predicted)), 1)
    return counts


def _read_only(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array
