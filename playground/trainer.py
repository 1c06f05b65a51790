"""The public training API: `Trainer(config)` builds the data, the network and the optimizer.

This is the glue between a `PlaygroundConfig` (names and numbers) and the NumPy core: it makes the
dataset from the config's seed, builds a `Network` whose initial weights come from the same seed,
and trains it with a `TrainingLoop`. Separate random streams are drawn from the seed for the data,
the weights, the shuffling and dropout, so changing one never changes the others. A config change
that keeps data and structure (learning rate, optimizer, penalty, schedule, batch size) is applied
in place with `apply_config`; any other change needs a new `Trainer`.
"""

from __future__ import annotations

import numpy as np

from playground.config import PlaygroundConfig, check_data_fits, needs_rebuild
from playground.core.network import Network, NetworkSpec
from playground.core.training import TrainingLoop, TrainSettings
from playground.data import Dataset, make_dataset, make_features

Array = np.ndarray
WEIGHTS_STREAM, SHUFFLE_STREAM, DROPOUT_STREAM = 1, 2, 3


def network_spec(cfg: PlaygroundConfig, n_inputs: int, n_classes: int) -> NetworkSpec:
    """The network shape a config asks for, for data with `n_classes` (0 = regression)."""
    if n_classes == 0:
        kind, n_outputs = "regression", 1
    elif n_classes == 2:
        kind, n_outputs = "binary", 1
    else:
        kind, n_outputs = "multiclass", n_classes
    return NetworkSpec(
        n_inputs=n_inputs,
        hidden_layers=cfg.hidden_layers,
        n_outputs=n_outputs,
        output_kind=kind,
        loss=cfg.loss,
        activations=cfg.activations(),
        dropout=cfg.dropout_rates(),
        batch_norm=cfg.batch_norm,
        skip_connections=cfg.skip_connections,
        weight_init=cfg.weight_init,
    )


def train_settings(cfg: PlaygroundConfig) -> TrainSettings:
    """The part of a config that can change while training runs."""
    return TrainSettings(
        optimizer=cfg.optimizer,
        learning_rate=cfg.learning_rate,
        batch_size=cfg.batch_size,
        lr_schedule=cfg.lr_schedule,
        lr_decay=cfg.lr_decay,
        lr_decay_epochs=cfg.lr_decay_epochs,
        regularization=cfg.regularization,
        regularization_rate=cfg.regularization_rate,
        early_stopping=cfg.early_stopping,
        optimizer_settings={
            "momentum": cfg.momentum,
            "nesterov": cfg.nesterov,
            "beta_1": cfg.beta_1,
            "beta_2": cfg.beta_2,
            "rho": cfg.rho,
            "epsilon": cfg.epsilon,
        },
    )


def build_network(cfg: PlaygroundConfig, n_inputs: int, n_classes: int) -> Network:
    """The network for a config, with its seeded initial weights (same seed, same weights)."""
    spec = network_spec(cfg, n_inputs, n_classes)
    network = Network(spec, np.random.default_rng([cfg.seed, WEIGHTS_STREAM]))
    for layer in network.dropout_layers:
        layer.rng = np.random.default_rng([cfg.seed, DROPOUT_STREAM])
    return network


def dataset_for(cfg: PlaygroundConfig) -> Dataset:
    """The dataset a config describes (same config, same points and split)."""
    if cfg.is_custom:
        raise ValueError("dataset 'custom' is the user's own points: pass them as data=...")
    if cfg.dataset == "digits":
        from playground.data.digits import load_digits_dataset

        return load_digits_dataset(cfg.train_ratio, cfg.seed)
    return make_dataset(
        cfg.dataset,
        cfg.n_samples,
        cfg.noise,
        cfg.train_ratio,
        cfg.seed,
        cfg.features,
        n_classes=cfg.n_classes,
    )


class Trainer(TrainingLoop):
    """Data, network and optimizer for a config; see `TrainingLoop` for training and history.

    `data` replaces the generated dataset (for example a CSV upload split by `make_csv_dataset`).
    """

    def __init__(self, config: PlaygroundConfig, data: Dataset | None = None):
        self.config = config
        self.data = data if data is not None else dataset_for(config)
        check_data_fits(config, self.data.n_classes)
        network = build_network(config, self.data.inputs_train.shape[1], self.data.n_classes)
        super().__init__(
            network,
            self.data.inputs_train,
            self.data.y_train,
            self.data.inputs_test,
            self.data.y_test,
            train_settings(config),
            np.random.default_rng([config.seed, SHUFFLE_STREAM]),
        )

    def set_dataset(self, data: Dataset) -> None:
        """Train on from here on `data` (edited points), keeping the weights and the epoch count.

        The data must have the same input features and number of classes as the network.
        """
        if data.inputs_train.shape[1] != self.network.spec.n_inputs:
            raise ValueError("the new data has different input features: make a new Trainer")
        if network_spec(self.config, data.inputs_train.shape[1], data.n_classes) != (
            self.network.spec
        ):
            raise ValueError("the new data has a different number of classes: make a new Trainer")
        self.data = data
        self.set_data(data.inputs_train, data.y_train, data.inputs_test, data.y_test)

    def apply_config(self, config: PlaygroundConfig) -> None:
        """Take a config that changes only training settings; ValueError if it needs a rebuild."""
        if needs_rebuild(self.config, config):
            raise ValueError("this change needs new data or a new network: make a new Trainer")
        self.apply_settings(train_settings(config))
        self.config = config

    def features(self, points: Array) -> Array:
        """Raw 2-D points (n, 2) turned into this trainer's input features."""
        return make_features(np.asarray(points, dtype=np.float64), self.data.feature_names)

    def predict_points(self, points: Array) -> Array:
        """The network's outputs for raw 2-D points (n, 2), in evaluation mode."""
        return self.network.predict(self.features(points))
