"""The NumPy engine: activations, losses, regularizers, layers, network, optimizers, training.

Nothing in this package imports anything but NumPy and the standard library.
"""

from playground.core.network import GridMaps, Network, NetworkSpec
from playground.core.training import TrainingLoop, TrainSettings

__all__ = ["GridMaps", "Network", "NetworkSpec", "TrainSettings", "TrainingLoop"]
