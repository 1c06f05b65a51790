"""A neural network playground: build a small network, train it on 2-D data and watch it learn.

The notebook API is `PlaygroundConfig` (what to train) and `Trainer` (training it); see README.md.
"""

from playground.config import ConfigError, PlaygroundConfig
from playground.trainer import Trainer

__all__ = ["ConfigError", "PlaygroundConfig", "Trainer"]
