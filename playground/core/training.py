"""The training loop: mini-batch steps over a data set, epochs, history and divergence.

`TrainingLoop` owns a network, its optimizer and the training and test arrays. It trains by steps,
by epochs or until a time budget runs out, reshuffling the training set at the start of every epoch
with its own generator, so the same seed gives the same run to the bit. After every epoch it
evaluates the loss and the metric (accuracy, or R² for regression) on both sets and appends them,
with each layer's gradient and weight norms, to the history, and keeps a copy of the weights in
`path` (the recent epochs only, for the loss-landscape view). It watches for divergence — a
gradient that is not finite, weights or a loss that explode — and then stops, puts back the
weights of the last good epoch and says in plain words what happened. It never raises for that.
Everything here is NumPy; `playground.trainer.Trainer` builds one of these from a config.
"""

from __future__ import annotations

import math
import time
from collections import deque
from dataclasses import dataclass, field

import numpy as np

from playground.core.history import History
from playground.core.layers import with_ones_column
from playground.core.network import Network
from playground.core.optimizers import make_optimizer, scheduled_learning_rate
from playground.core.parameter_path import ParameterPath
from playground.core.regularizers import get_regularizer, zero_crossed_weights

Array = np.ndarray
GRADIENT_LIMIT = 1e30  # squared gradient norm beyond which a step counts as exploded
WEIGHT_LIMIT = 1e6
LOSS_GROWTH_LIMIT = 10.0
# A loss that averages this much more than where it started, over this many epochs, is going
# the wrong way: the steps overshoot (healthy runs, even noisy ones, stay below the start).
OVERSHOOT_RATIO, OVERSHOOT_EPOCHS = 1.5, 20


@dataclass(frozen=True)
class TrainSettings:
    """What may change while training runs, without rebuilding the network."""

    optimizer: str = "sgd"
    learning_rate: float = 0.03
    batch_size: int = 10
    lr_schedule: str = "constant"
    lr_decay: float = 0.5
    lr_decay_epochs: int = 100
    regularization: str = "none"
    regularization_rate: float = 0.0
    early_stopping: int = 0  # patience in epochs; 0 = never stop early
    optimizer_settings: dict[str, float] = field(default_factory=dict)


class TrainingLoop:
    """Trains `network` on (inputs_train, y_train), evaluates on (inputs_test, y_test)."""

    def __init__(
        self,
        network: Network,
        inputs_train: Array,
        y_train: Array,
        inputs_test: Array,
        y_test: Array,
        settings: TrainSettings,
        rng: np.random.Generator,
    ):
        self.network = network
        self.clock = time.perf_counter  # seconds; tests replace it to count time without waiting
        self.set_data(inputs_train, y_train, inputs_test, y_test)
        self.rng = rng
        self.is_regression = network.spec.output_kind == "regression"
        self.metric_name = "r2" if self.is_regression else "accuracy"
        self.epoch = 0
        self.step = 0
        self.diverged = False
        self.divergence = ""
        self.stopped_early = False
        self.stop_message = ""
        self._best: tuple[float, dict] | None = None  # (test loss, snapshot) for early stopping
        self.settings = settings
        self._recent_losses: deque[float] = deque(maxlen=OVERSHOOT_EPOCHS)
        self.optimizer = make_optimizer(
            settings.optimizer, network.theta.size, **settings.optimizer_settings
        )
        self.apply_settings(settings)
        names = (
            "epoch",
            "step",
            "train_loss",
            "test_loss",
            f"train_{self.metric_name}",
            f"test_{self.metric_name}",
            "learning_rate",
        )
        self.history = History(names, n_layers=len(network.params))
        self._position = 0
        self._shuffled: tuple[Array, Array] | None = None
        self.initial_loss = self.network.evaluate(self.inputs_train, self.y_train)
        self._last_good = self._snapshot()
        self.path = ParameterPath(network.theta.size)  # weights after recent epochs
        self.path.record(self.epoch, network.theta)

    def set_data(
        self, inputs_train: Array, y_train: Array, inputs_test: Array, y_test: Array
    ) -> None:
        """Use these arrays from the next step on (the next epoch starts afresh); weights stay."""
        self.inputs_train = np.ascontiguousarray(inputs_train, dtype=np.float64)
        self.inputs_test = np.ascontiguousarray(inputs_test, dtype=np.float64)
        self._augmented_train = with_ones_column(self.inputs_train)
        self._augmented_test = with_ones_column(self.inputs_test)
        self.y_train, self.y_test = np.asarray(y_train), np.asarray(y_test)
        self._targets_train = self.network.targets(self.y_train)
        self._targets_test = self.network.targets(self.y_test)
        self._position = 0
        self._data_changed = True  # the history's last record was measured on other data
        self._data_version = getattr(self, "_data_version", -1) + 1
        self._best = None  # test losses on other points do not compare: early stopping restarts

    # --- settings -----------------------------------------------------------------------------
    def apply_settings(self, settings: TrainSettings) -> None:
        """Change learning rate, batch size, optimizer, schedule or penalty; weights are kept.

        A different optimizer starts from fresh state; the same one keeps its state.
        """
        if settings.optimizer != self.settings.optimizer:
            self.optimizer = make_optimizer(
                settings.optimizer, self.network.theta.size, **settings.optimizer_settings
            )
            self._forget_optimizer_state()
        else:
            for name, value in settings.optimizer_settings.items():
                if hasattr(self.optimizer, name):
                    setattr(self.optimizer, name, value)
        get_regularizer(settings.regularization)  # fail early on an unknown name
        self._recent_losses.clear()
        if settings.early_stopping != self.settings.early_stopping:
            self.stopped_early, self.stop_message, self._best = False, "", None
        self.network.regularization = settings.regularization
        self.network.regularization_rate = settings.regularization_rate
        self.settings = settings
        self._learning_rate = self.learning_rate  # a new rate applies from the next step on

    def _forget_optimizer_state(self) -> None:
        """Saved snapshots hold the previous optimizer's state: give them the new one's (fresh)
        state, so that putting a snapshot back never mixes two kinds of optimizer."""
        fresh = self.optimizer.get_state()
        for snapshot in self._snapshots():
            snapshot["optimizer"] = {name: value.copy() for name, value in fresh.items()}

    def _snapshots(self) -> list[dict]:
        saved = [self._last_good, self._best[1] if self._best else None]
        return [snapshot for snapshot in saved if snapshot is not None]

    @property
    def learning_rate(self) -> float:
        """The learning rate for the current epoch, after the schedule."""
        s = self.settings
        return scheduled_learning_rate(
            s.learning_rate, s.lr_schedule, self.epoch, s.lr_decay, s.lr_decay_epochs
        )

    # --- training -----------------------------------------------------------------------------
    def run_steps(self, n_steps: int, max_seconds: float | None = None) -> int:
        """Train up to `n_steps` mini-batch steps (fewer if time runs out); steps done."""
        return self._train(max_steps=n_steps, max_epochs=None, max_seconds=max_seconds)

    def run_epochs(self, n_epochs: int, max_seconds: float | None = None) -> int:
        """Train until `n_epochs` more epochs are complete (or time runs out); steps done."""
        return self._train(max_steps=None, max_epochs=n_epochs, max_seconds=max_seconds)

    def run_for(self, seconds: float) -> int:
        """Train for a time budget in seconds; steps done."""
        return self._train(max_steps=None, max_epochs=None, max_seconds=seconds)

    def _train(
        self, max_steps: int | None, max_epochs: int | None, max_seconds: float | None
    ) -> int:
        if self.diverged or self.stopped_early or not self.has_training_data:
            return 0
        clock = self.clock
        deadline = math.inf if max_seconds is None else clock() + max_seconds
        step_limit = math.inf if max_steps is None else max_steps
        epoch_target = math.inf if max_epochs is None else self.epoch + max_epochs
        if step_limit == math.inf and epoch_target == math.inf and deadline == math.inf:
            raise ValueError("give a number of steps, of epochs, or a time budget")
        network, theta, grad = self.network, self.network.theta, self.network.grad
        n_train = len(self.inputs_train)
        batch = max(1, min(self.settings.batch_size, n_train))
        clip_crossings = (
            self.settings.regularization_rate > 0
            and get_regularizer(self.settings.regularization).zero_crossings
        )
        optimizer_step, compute_grads = self.optimizer.step, network.compute_grads
        done = 0
        while done < step_limit and self.epoch < epoch_target:
            if self._position == 0:
                self._begin_epoch()
            inputs, targets = self._shuffled
            learning_rate, start = self._learning_rate, self._position
            # The inner loop runs one epoch's batches with local names only: per-step Python
            # overhead is a large share of a tiny network's step.
            while start < n_train and done < step_limit:
                stop = start + batch
                compute_grads(inputs[start:stop], targets[start:stop])
                if not np.dot(grad, grad) < GRADIENT_LIMIT:
                    self._diverge("the gradient became infinite or not a number", self.step + 1)
                    return done
                if clip_crossings:
                    before = theta.copy()
                    optimizer_step(theta, grad, learning_rate)
                    zero_crossed_weights(before, theta, network.weight_mask)
                else:
                    optimizer_step(theta, grad, learning_rate)
                self.step += 1
                done += 1
                start = stop
                if clock() >= deadline:
                    break
            self._position = start if start < n_train else 0
            if self._position == 0 and not self._end_epoch():
                break
            if clock() >= deadline:
                break
        return done

    def _begin_epoch(self) -> None:
        # The weights this epoch starts from replace the record of the last one's end: the same
        # numbers, unless weights were loaded or edited in between.
        self.path.record(self.epoch, self.network.theta)
        order = self.rng.permutation(len(self.inputs_train))
        self._shuffled = (self._augmented_train[order], self._targets_train[order])
        self._learning_rate = self.learning_rate

    def _end_epoch(self) -> bool:
        """Evaluate and record the finished epoch; False when training diverged."""
        record = self.evaluate()
        reason = self._divergence_reason(record["train_loss"])
        if reason:
            self._diverge(reason, self.step)
            return False
        self.epoch += 1
        network = self.network
        grad_norms = [np.linalg.norm(block["W"]) for block in network.grads]
        weight_norms = [np.linalg.norm(block["W"]) for block in network.params]
        record.update(epoch=self.epoch, step=self.step, learning_rate=self._learning_rate)
        row = (record, np.array(grad_norms), np.array(weight_norms))
        self.history.append(*row)
        self.path.record(self.epoch, network.theta)
        self._data_changed = False
        self._last_good = self._snapshot(row)
        return not self._should_stop_early(record["test_loss"])

    def resume(self) -> None:
        """Train on after an early stop; the patience counts again from now."""
        self.stopped_early, self.stop_message, self._best = False, "", None

    def _should_stop_early(self, test_loss: float) -> bool:
        """Track the best test loss; after `early_stopping` epochs without improvement, put
        back the best epoch's weights and stop."""
        patience = self.settings.early_stopping
        if not patience or not math.isfinite(test_loss):
            return False
        if self._best is None or test_loss < self._best[0]:
            self._best = (test_loss, self._last_good)
            return False
        best_loss, best = self._best
        if self.epoch - best["epoch"] < patience:
            return False
        stopped_at = self.epoch
        self._restore(best)
        self.stopped_early = True
        self.stop_message = (
            f"Stopped early at epoch {stopped_at}: the test loss has not improved for {patience} "
            f"epochs since epoch {best['epoch']} ({best_loss:.4g}), so training went back to that "
            "epoch's weights (the curves end there). Turn early stopping off or raise the patience "
            "to train on."
        )
        return True

    @property
    def has_training_data(self) -> bool:
        return len(self.inputs_train) > 0

    def latest(self) -> dict[str, float]:
        """The numbers to show beside the epoch counter: the last epoch's record (mid-epoch too:
        the counter names that epoch), evaluated afresh only when there is none or the points
        changed since it was measured. The live view asks for it every frame, so a full
        evaluation each time (3 ms on a [64, 64] net with 5,000 points) is kept off that path."""
        if len(self.history) and not self._data_changed:
            return self.history[-1]
        return {**self.evaluate(), "epoch": self.epoch, "step": self.step}

    def edit_parameter(self, layer: int, name: str, index: tuple[int, ...], value: float) -> None:
        """Set one entry of dense layer `layer`'s "W" or "b" by hand; training goes on from it
        (the optimizer keeps its state), and `latest` measures the new weights afresh."""
        self.network.params[layer][name][index] = value
        self._data_changed = True  # the last record describes other weights now

    def evaluate(self) -> dict[str, float]:
        """Loss and metric on the training and test sets, in evaluation mode."""
        record = {}
        sets = (
            ("train", self._augmented_train, self._targets_train, self.y_train),
            ("test", self._augmented_test, self._targets_test, self.y_test),
        )
        for name, inputs, targets, labels in sets:
            if len(inputs) == 0:
                record[f"{name}_loss"] = record[f"{name}_{self.metric_name}"] = math.nan
                continue
            z, out = self.network.forward(inputs, training=False)
            record[f"{name}_loss"] = self.network.head.loss(z, out, targets)
            record[f"{name}_{self.metric_name}"] = self._metric(out, labels)
        return record

    def _metric(self, out: Array, labels: Array) -> float:
        if self.is_regression:
            residual = np.sum((out[:, 0] - labels) ** 2)
            total = np.sum((labels - labels.mean()) ** 2)
            return float(1.0 - residual / total) if total > 0 else 0.0
        predicted = out.argmax(axis=1) if out.shape[1] > 1 else (out[:, 0] >= 0.5)
        return float(np.mean(predicted == labels))

    # --- divergence ---------------------------------------------------------------------------
    def _divergence_reason(self, train_loss: float) -> str:
        if not math.isfinite(train_loss):
            return "the training loss became infinite or not a number"
        if not np.abs(self.network.theta).max() < WEIGHT_LIMIT:
            return f"the weights grew beyond {WEIGHT_LIMIT:g}"
        limit = LOSS_GROWTH_LIMIT * max(self.initial_loss, 0.1)
        if train_loss > limit:
            return (
                f"the training loss exploded from {self.initial_loss:.3g} "
                f"at the start to {train_loss:.3g}"
            )
        self._recent_losses.append(train_loss)
        if len(self._recent_losses) == OVERSHOOT_EPOCHS:
            average = sum(self._recent_losses) / OVERSHOOT_EPOCHS
            if average > OVERSHOOT_RATIO * max(self.initial_loss, 1e-3):
                return (
                    f"the training loss rose instead of falling: it averaged {average:.3g} over "
                    f"the last {OVERSHOOT_EPOCHS} epochs against {self.initial_loss:.3g} at the "
                    "start, so the updates overshoot"
                )
        return ""

    def _diverge(self, reason: str, step: int) -> None:
        self.diverged = True
        self.divergence = (
            f"Training diverged at step {step} (epoch {self.epoch + 1}): {reason}. "
            f"The weights of the last good epoch ({self._last_good['epoch']}) were kept. "
            f"The learning rate ({self.settings.learning_rate:g}) is probably too large for this "
            "network: try a smaller one, then reset."
        )
        self._restore(self._last_good)

    def _snapshot(self, row: tuple | None = None) -> dict:
        """Weights, optimizer state and counters now; `row` is the history row of this epoch."""
        return {
            "epoch": self.epoch,
            "step": self.step,
            "network": self.network.get_state(),
            "optimizer": self.optimizer.get_state(),
            "row": row,
            "data_version": self._data_version,
        }

    def _restore(self, snapshot: dict) -> None:
        """Go back to a snapshot: weights, optimizer, counters, and the history up to it, so the
        last record describes the weights in the network again."""
        self.network.set_state(snapshot["network"])
        self.optimizer.set_state(snapshot["optimizer"])
        self.epoch, self.step = snapshot["epoch"], snapshot["step"]
        self.history.truncate(self.epoch)
        self.path.record(self.epoch, self.network.theta)  # forgets the later epochs
        self._data_changed = snapshot["data_version"] != self._data_version
        if snapshot["row"] is not None and (
            not len(self.history) or self.history.last_epoch < self.epoch
        ):
            self.history.append(*snapshot["row"])
        self._position = 0
