"""A trained network's prediction map as a small picture, drawn like the simpler models' maps.

The class board's gallery shows each leading student's decision boundary: the network is
evaluated over the same grid of points as the simpler models (`analysis.baselines.map_points`)
and coloured the same way, with the test points on top (`baseline_maps.map_picture`).
"""

from __future__ import annotations

import numpy as np

from playground.analysis.baselines import MAP_RESOLUTION, map_points
from playground.data.features import make_features
from playground.trainer import Trainer
from playground.viz.baseline_maps import map_picture


def network_picture(trainer: Trainer, size: int = 160) -> np.ndarray:
    """A (size, size, 3) uint8 picture of the trainer's predictions and its test points."""
    data = trainer.data
    inputs = make_features(map_points(data.bounds), data.feature_names)
    output = trainer.network.predict(inputs)
    values = output.argmax(axis=1) if output.shape[1] > 1 else output[:, 0]
    return map_picture(values.reshape(MAP_RESOLUTION, MAP_RESOLUTION), data, size)
