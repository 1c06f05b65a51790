"""The run's data and results as CSV tables: the points as generated, and the loss history.

`points_csv` writes the training and test points exactly as the trainer holds them — columns
x1, x2, label, split, training rows first, each in the order of the split — with every number in
Python's shortest round-trip form, so `read_points_csv` gives back identical arrays. These are
the coordinates the network saw: for an uploaded CSV that is the rescaled view (see
`playground.data.CsvScale`), not the file's own units. Without the split column
(`include_split=False`) the table is in the upload format `playground.data.load_csv` reads,
which rescales the points into the view again (identity up to that affine map). `history_csv`
writes one row per recorded epoch: epoch, step, train and test loss, train and test metric
(accuracy, or R² as `r2`), learning rate. Long runs thin their history (see `History`), so
rows may be every 2nd, 4th, ... epoch; the last epoch is always there.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import numpy as np

from playground.data import Dataset
from playground.trainer import Trainer

Array = np.ndarray
POINTS_COLUMNS = ("x1", "x2", "label", "split")


@dataclass(frozen=True)
class PointsTable:
    """Points (n, 2) float64 and labels (n,) per split, as read from a points CSV."""

    x_train: Array
    y_train: Array
    x_test: Array
    y_test: Array


def _table(header: list[str], rows: list[list]) -> str:
    """CSV text with a header row; floats are written by `str`, Python's shortest round trip."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _rows(points: Array, labels: Array, split: str) -> list[list]:
    pairs = zip(points.tolist(), labels.tolist(), strict=True)
    return [[*point, label, split] for point, label in pairs]


def points_csv(source: Trainer | Dataset, include_split: bool = True) -> str:
    """The training and test points of a trainer (or a dataset) as CSV text.

    Columns x1, x2, label and, unless `include_split` is False, split ("train"/"test").
    Class labels are written as integers, regression labels as floats.
    """
    data = source.data if isinstance(source, Trainer) else source
    rows = _rows(data.x_train, data.y_train, "train") + _rows(data.x_test, data.y_test, "test")
    if not include_split:
        return _table(list(POINTS_COLUMNS[:3]), [row[:3] for row in rows])
    return _table(list(POINTS_COLUMNS), rows)


def read_points_csv(text: str) -> PointsTable:
    """The arrays a `points_csv` table holds (labels int64 if all are whole numbers written
    without a decimal point, float64 otherwise); ValueError if a column is missing."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [name for name in POINTS_COLUMNS if name not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"the points table has no column {', '.join(missing)}")
    rows = list(reader)
    integer = all(row["label"].lstrip("-").isdigit() for row in rows)
    dtype = np.int64 if integer else np.float64

    def split(name: str) -> tuple[Array, Array]:
        chosen = [row for row in rows if row["split"] == name]
        points = np.array([[float(row["x1"]), float(row["x2"])] for row in chosen])
        labels = np.array([int(r["label"]) if integer else float(r["label"]) for r in chosen])
        return points.reshape(-1, 2), labels.astype(dtype)

    (x_train, y_train), (x_test, y_test) = split("train"), split("test")
    return PointsTable(x_train, y_train, x_test, y_test)


def history_columns(trainer: Trainer) -> tuple[str, ...]:
    """The history table's columns: epoch, step, train_loss, test_loss, train_<metric>,
    test_<metric>, learning_rate."""
    return tuple(trainer.history.scalar_names)


def history_csv(trainer: Trainer) -> str:
    """The trainer's per-epoch history as CSV text (header only before the first epoch)."""
    columns = history_columns(trainer)
    table = np.column_stack([trainer.history.column(name) for name in columns])
    # epoch and step come first and are whole numbers; the rest are floats
    rows = [[int(row[0]), int(row[1]), *row[2:]] for row in table.tolist()]
    return _table(list(columns), rows)
