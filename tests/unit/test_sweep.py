"""Sweeps: the grid's shape, determinism in and out of worker processes, cancellation, errors."""

from __future__ import annotations

import math
import threading

import numpy as np
import pytest

from playground.config import PlaygroundConfig
from playground.data.digits import load_digits_dataset
from playground.experiments.sweep import (
    CANCELLED,
    DIVERGED,
    DONE,
    CellResult,
    SweepAxis,
    SweepError,
    iter_sweep,
    make_grid,
    run_sweep,
)
from playground.trainer import Trainer

BASE = PlaygroundConfig(dataset="xor", n_samples=100, hidden_layers=(3,), seed=4)
AXES = {"learning_rate": [0.01, 0.1, 0.3], "batch_size": [5, 25]}


def assert_same(a, b) -> None:
    for name in ("train_loss", "test_loss", "train_metric", "test_metric"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    np.testing.assert_array_equal(a.train_curves, b.train_curves)
    np.testing.assert_array_equal(a.test_curves, b.test_curves)
    assert (a.status == b.status).all()


def test_a_two_field_grid_gives_arrays_with_one_entry_per_value_pair() -> None:
    result = run_sweep(BASE, AXES, epochs=6, n_jobs=1)
    assert result.shape == (3, 2)
    assert result.train_curves.shape == result.test_curves.shape == (3, 2, 6)
    assert result.status.tolist() == [[DONE, DONE]] * 3 and not result.cancelled
    assert np.isfinite(result.test_loss).all() and np.isfinite(result.test_curves).all()
    assert ((result.test_metric >= 0) & (result.test_metric <= 1)).all()
    assert result.metric_name == "accuracy"
    assert result.values_at((2, 1)) == {"learning_rate": 0.3, "batch_size": 25}
    assert [axis.field for axis in result.axes] == ["learning_rate", "batch_size"]
    best = result.best_index()
    assert result.test_loss[best] == np.nanmin(result.test_loss)


def test_each_cell_is_the_run_a_trainer_makes_with_that_config() -> None:
    result = run_sweep(BASE, AXES, epochs=5, n_jobs=1)
    trainer = Trainer(BASE.replace(learning_rate=0.1, batch_size=25))
    trainer.run_epochs(5)
    assert result.test_loss[1, 1] == trainer.history[-1]["test_loss"]
    np.testing.assert_array_equal(result.train_curves[1, 1], trainer.history.column("train_loss"))


def test_one_field_sweeps_and_regression_report_r2() -> None:
    base = PlaygroundConfig(dataset="plane", n_samples=100, hidden_layers=(2,))
    result = run_sweep(base, {"activation": ["tanh", "relu", "linear"]}, epochs=3, n_jobs=1)
    assert result.shape == (3,) and result.metric_name == "r2"
    assert result.values_at((1,)) == {"activation": "relu"}


def test_the_same_base_and_seed_give_the_same_numbers_serially_and_in_workers() -> None:
    serial = run_sweep(BASE, AXES, epochs=8, n_jobs=1)
    again = run_sweep(BASE, AXES, epochs=8, n_jobs=1)
    parallel = run_sweep(BASE, AXES, epochs=8, n_jobs=2)
    assert_same(serial, again)
    assert_same(serial, parallel)
    other_seed = run_sweep(BASE, AXES, epochs=8, n_jobs=1, seed=5)
    assert not np.array_equal(serial.test_loss, other_seed.test_loss)


def test_progress_is_reported_once_per_cell_with_counts() -> None:
    seen: list[tuple[tuple[int, ...], int, int]] = []
    run_sweep(BASE, AXES, epochs=2, n_jobs=2, on_cell=lambda c, n, t: seen.append((c.index, n, t)))
    assert sorted(index for index, _, _ in seen) == [(i, j) for i in range(3) for j in range(2)]
    assert [n for _, n, _ in seen] == list(range(1, 7)) and {t for _, _, t in seen} == {6}


def test_a_cancelled_sweep_reports_the_cells_that_never_ran() -> None:
    cancel = threading.Event()
    cancel.set()
    result = run_sweep(BASE, AXES, epochs=5, n_jobs=1, cancel=cancel)
    assert result.cancelled and (result.status == CANCELLED).all()
    assert np.isnan(result.test_loss).all()


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_cancelling_midway_keeps_finished_cells_and_starts_no_new_ones(n_jobs: int) -> None:
    cancel = threading.Event()
    axes = {"learning_rate": [0.01, 0.02, 0.03, 0.05, 0.1, 0.2], "batch_size": [5, 10]}
    cells: list[CellResult] = []
    for cell in iter_sweep(BASE, axes, epochs=300, n_jobs=n_jobs, cancel=cancel):
        cells.append(cell)
        cancel.set()  # stop after the first cell comes back
    statuses = [cell.status for cell in cells]
    assert len(cells) == 12 and len({cell.index for cell in cells}) == 12
    assert statuses[0] == DONE
    # Only cells already handed to a worker (one per worker, plus one refill) can still finish.
    assert statuses.count(DONE) <= 1 + 2 * n_jobs - 1
    assert statuses.count(CANCELLED) >= 12 - 2 * n_jobs
    cancelled = [cell for cell in cells if cell.status == CANCELLED]
    assert all(math.isnan(cell.test_loss) and cell.test_curve.size == 0 for cell in cancelled)


def test_closing_the_generator_early_leaves_the_workers_usable() -> None:
    cells = iter_sweep(BASE, AXES, epochs=10, n_jobs=2)
    first = next(cells)
    cells.close()
    assert first.status == DONE
    result = run_sweep(BASE, AXES, epochs=2, n_jobs=2)
    assert (result.status == DONE).all()


def test_a_diverged_cell_has_no_final_numbers_but_keeps_its_curve() -> None:
    base = PlaygroundConfig(dataset="circle", hidden_layers=(4, 2), seed=0)
    result = run_sweep(base, {"learning_rate": [0.03, 10.0]}, epochs=40, n_jobs=1)
    assert result.status.tolist() == [DONE, DIVERGED]
    assert math.isnan(result.test_loss[1]) and np.isfinite(result.test_loss[0])
    recorded = result.train_curves[1][np.isfinite(result.train_curves[1])]
    assert 0 < recorded.size < 40
    assert result.best_index() == (0,)


def test_a_sweep_can_train_on_its_own_data() -> None:
    data = load_digits_dataset(0.5, seed=0)
    base = PlaygroundConfig(hidden_layers=(8,), optimizer="adam", batch_size=64)
    result = run_sweep(base, {"learning_rate": [0.001, 0.01]}, epochs=3, data=data, n_jobs=1)
    assert (result.status == DONE).all()
    assert result.test_metric[1] > result.test_metric[0] > 0.1
    with pytest.raises(SweepError, match="noise"):
        run_sweep(base, {"noise": [0.1, 0.2]}, epochs=1, data=data)


def test_a_bad_field_name_gives_a_clear_error_listing_the_fields() -> None:
    with pytest.raises(SweepError, match=r"learning_rat: not a config field.*learning_rate"):
        run_sweep(BASE, {"learning_rat": [0.1]}, epochs=1)
    with pytest.raises(SweepError) as error:
        make_grid(BASE, [SweepAxis("layers", (1, 2))])
    assert error.value.field == "layers"


def test_bad_values_and_bad_shapes_are_refused_before_anything_trains() -> None:
    with pytest.raises(SweepError, match=r"learning_rate.*outside the allowed range"):
        run_sweep(BASE, {"learning_rate": [0.1, 50.0]}, epochs=1)
    with pytest.raises(SweepError, match="activation"):
        run_sweep(BASE, {"activation": ["tanh", "softsign"]}, epochs=1)
    with pytest.raises(SweepError, match="one or two fields"):
        run_sweep(BASE, {"noise": [0.1], "seed": [1], "batch_size": [5]}, epochs=1)
    with pytest.raises(SweepError, match="listed twice"):
        run_sweep(BASE, {"batch_size": [5, 5]}, epochs=1)
    with pytest.raises(SweepError, match="epochs"):
        run_sweep(BASE, {"batch_size": [5]}, epochs=0)
    with pytest.raises(SweepError, match="both axes"):
        make_grid(BASE, [SweepAxis("seed", (1,)), SweepAxis("seed", (2,))])


def test_tuple_fields_can_be_swept_from_lists() -> None:
    grid = make_grid(BASE, {"hidden_layers": [[2], [4, 4]]})
    assert [config.hidden_layers for _, config in grid] == [(2,), (4, 4)]
