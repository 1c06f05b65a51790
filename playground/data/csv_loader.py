"""Load a learner's own 2-D data from a CSV file (columns x1, x2, label), safely.

The file is treated as untrusted text: it is decoded as UTF-8 and read with the standard ``csv``
module, and every value goes through ``float``; nothing is ever unpickled or evaluated. A header
row is optional, and a UTF-8 byte-order mark, Windows line endings, blank lines and spaces around
values are tolerated. Anything else that is wrong stops the load with a ``CsvError`` whose
message names the line and says what to fix. Whole-number labels make a classification problem
(the labels are renumbered 0..k-1 and the original values kept), other labels a regression
problem. The points are scaled into the square view (one factor for both axes, so shapes keep
their aspect) and regression labels into [-1, 1]; ``CsvScale`` records how, for the UI.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import math
from collections.abc import Iterator
from typing import Literal

import numpy as np

Problem = Literal["classification", "regression"]

COLUMNS = ("x1", "x2", "label")
MIN_ROWS = 10
MAX_ROWS = 50_000
MAX_CLASSES = 20
MAX_BYTES = 16 * 1024 * 1024
POINTS_HALF_WIDTH = 5.5
"""Scaled points fill [-5.5, 5.5] along their longer side, a margin inside the [-6, 6] view."""


class CsvError(ValueError):
    """A CSV file that cannot be used; ``line`` is the 1-based line of the problem, if any.

    ``str(error)`` starts with "Line N:" when the line is known; ``message`` is the bare text.
    """

    def __init__(self, message: str, line: int | None = None) -> None:
        self.message = message
        self.line = line
        super().__init__(f"Line {line}: {message}" if line is not None else message)


@dataclasses.dataclass(frozen=True)
class CsvScale:
    """How the file's values were mapped into the view: ``view = (raw - centre) * factor``.

    Attributes:
        centre: (x1, x2) of the raw data that lands on the middle of the view.
        factor: multiplier shared by both axes.
        label_centre: raw label mapped to 0 (regression only; 0.0 for classification).
        label_factor: multiplier of the labels (regression only; 1.0 for classification).
    """

    centre: tuple[float, float]
    factor: float
    label_centre: float = 0.0
    label_factor: float = 1.0

    def points_to_view(self, raw_points: np.ndarray) -> np.ndarray:
        """Map raw points (n, 2) into view coordinates (n, 2)."""
        return (np.asarray(raw_points, dtype=np.float64) - np.asarray(self.centre)) * self.factor

    def points_from_view(self, view_points: np.ndarray) -> np.ndarray:
        """Map view points (n, 2) back to the file's coordinates (n, 2)."""
        return np.asarray(view_points, dtype=np.float64) / self.factor + np.asarray(self.centre)

    def labels_from_view(self, view_labels: np.ndarray) -> np.ndarray:
        """Map scaled regression labels (n,) back to the file's values (n,)."""
        return np.asarray(view_labels, dtype=np.float64) / self.label_factor + self.label_centre

    def describe(self) -> str:
        """One sentence for the UI saying how the data was rescaled."""
        x1, x2 = self.centre
        text = f"Points were centred on ({x1:.4g}, {x2:.4g}) and multiplied by {self.factor:.4g}."
        if self.label_factor != 1.0 or self.label_centre != 0.0:
            text += (
                f" Labels were centred on {self.label_centre:.4g} and multiplied by "
                f"{self.label_factor:.4g} to lie in [-1, 1]."
            )
        return text


@dataclasses.dataclass(frozen=True, eq=False)
class CsvData:
    """A validated CSV dataset, already scaled into the view.

    Attributes:
        points: (n, 2) float64 scaled points inside [-5.5, 5.5]^2.
        labels: (n,) int64 class indices 0..k-1, or float64 regression labels in [-1, 1].
        problem: "classification" or "regression".
        n_classes: number of classes (2..20), 0 for regression.
        class_values: the file's label of each class index (``class_values[i]`` became i);
            empty for regression.
        scale: the mapping from the file's values to the view.
        header: the header row's column names, or None when the file had no header.
    """

    points: np.ndarray
    labels: np.ndarray
    problem: Problem
    n_classes: int
    class_values: tuple[int, ...]
    scale: CsvScale
    header: tuple[str, ...] | None = None


# ---------------------------------------------------------------------------------- decoding


def _line_of_offset(text: str | bytes, offset: int) -> int:
    """1-based line number of the character (or byte) at ``offset``."""
    newline = b"\n" if isinstance(text, bytes) else "\n"
    return text.count(newline, 0, offset) + 1  # type: ignore[arg-type]


def _decode(content: bytes) -> str:
    """Decode UTF-8 bytes (a byte-order mark is dropped), rejecting binary and other encodings."""
    if len(content) > MAX_BYTES:
        raise CsvError(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    nul = content.find(b"\x00")
    if nul >= 0:
        raise CsvError(
            "This looks like a binary file, not a CSV text file.", _line_of_offset(content, nul)
        )
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CsvError(
            f"The file is not UTF-8 text (byte 0x{content[error.start]:02x} cannot be read). "
            "Save it as 'CSV UTF-8' and upload it again.",
            _line_of_offset(content, error.start),
        ) from None


def _check_text(text: str) -> str:
    """Drop a byte-order mark and reject empty text or text with control characters."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise CsvError("The file is empty.")
    for offset, char in enumerate(text):
        if (ord(char) < 32 and char not in "\t\r\n") or char == "\x7f":
            raise CsvError(
                "This looks like a binary file, not a CSV text file "
                f"(it contains the control character {ord(char):#04x}).",
                _line_of_offset(text, offset),
            )
    return text


# ----------------------------------------------------------------------------------- parsing


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number, stripped fields) for every non-blank row; trailing empty fields go."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for fields in reader:
            stripped = [field.strip() for field in fields]
            while stripped and not stripped[-1]:
                stripped.pop()
            if stripped:
                yield reader.line_num, stripped
    except csv.Error as error:
        raise CsvError(f"The CSV structure is broken ({error}).", reader.line_num) from None


def _column(index: int) -> str:
    return f"column {index + 1} ({COLUMNS[index]})"


def _is_number(field: str) -> bool:
    try:
        float(field)
    except ValueError:
        return False
    return True


def _is_header(fields: list[str]) -> bool:
    """A header row names its columns: none of its fields is a number."""
    return not any(_is_number(field) for field in fields)


def _check_width(fields: list[str], line: int) -> None:
    if len(fields) < len(COLUMNS):
        missing = ", ".join(COLUMNS[len(fields) :])
        raise CsvError(
            f"Expected 3 columns (x1, x2, label) but found {len(fields)}; missing: {missing}.",
            line,
        )
    if len(fields) > len(COLUMNS):
        raise CsvError(
            f"Expected 3 columns (x1, x2, label) but found {len(fields)}. "
            "Separate values with commas and remove extra columns.",
            line,
        )


def _parse_value(field: str, index: int, line: int) -> float:
    """The number in ``field``, or a CsvError saying which column of which line is wrong."""
    if not field:
        raise CsvError(f"{_column(index)} is empty.", line)
    try:
        value = float(field)
    except ValueError:
        raise CsvError(f"{_column(index)} is {field!r}, which is not a number.", line) from None
    if not math.isfinite(value):
        raise CsvError(
            f"{_column(index)} is {field!r}; values must be finite numbers (no NaN or infinity).",
            line,
        )
    return value


def _parse_rows(text: str) -> tuple[np.ndarray, list[int], tuple[str, ...] | None]:
    """Read the table: values (n, 3) float64, the line of each row, and the header if any."""
    values: list[tuple[float, float, float]] = []
    lines: list[int] = []
    header: tuple[str, ...] | None = None
    for line, fields in _rows(text):
        if not lines and header is None and _is_header(fields):
            _check_width(fields, line)
            header = tuple(fields)
            continue
        _check_width(fields, line)
        if len(values) == MAX_ROWS:
            raise CsvError(f"The file has more than {MAX_ROWS:,} data rows; use fewer.", line)
        x1, x2, label = (_parse_value(field, index, line) for index, field in enumerate(fields))
        values.append((x1, x2, label))
        lines.append(line)
    if len(values) < MIN_ROWS:
        raise CsvError(f"Only {len(values)} data rows were found; at least {MIN_ROWS} are needed.")
    return np.array(values, dtype=np.float64), lines, header


# ------------------------------------------------------------------------ labels and scaling


def _choose_problem(labels: np.ndarray, lines: list[int], problem: Problem | None) -> Problem:
    """Whole-number labels mean classification unless ``problem`` says otherwise."""
    fractional = np.flatnonzero(labels != np.round(labels))
    if problem is None:
        return "regression" if fractional.size else "classification"
    if problem == "classification" and fractional.size:
        first = int(fractional[0])
        raise CsvError(
            f"The label {labels[first]:g} is not a whole number; class labels must be integers "
            "(choose regression to predict numbers).",
            lines[first],
        )
    return problem


def _class_indices(labels: np.ndarray, lines: list[int]) -> tuple[np.ndarray, tuple[int, ...]]:
    """Renumber class labels to 0..k-1 (sorted by value); return indices and original values."""
    class_values, first_rows, indices = np.unique(labels, return_index=True, return_inverse=True)
    if len(class_values) == 1:
        raise CsvError(
            f"Every row has the label {class_values[0]:g}; classification needs at least two "
            "classes."
        )
    if len(class_values) > MAX_CLASSES:
        line = lines[int(np.sort(first_rows)[MAX_CLASSES])]
        raise CsvError(
            f"The labels contain {len(class_values)} classes (the 21st first appears here); at "
            f"most {MAX_CLASSES} are supported. Choose regression if the label is a number to "
            "predict.",
            line,
        )
    return indices.astype(np.int64), tuple(int(value) for value in class_values)


def _centre_and_half_range(values: np.ndarray) -> tuple[np.ndarray, float]:
    """Centre of the bounding box of ``values`` (n, d) and half its longest side."""
    low, high = values.min(axis=0), values.max(axis=0)
    return (low + high) / 2.0, float(np.max(high - low) / 2.0)


def _points_scale(raw_points: np.ndarray) -> tuple[tuple[float, float], float]:
    """Centre and common factor that fit the points into [-5.5, 5.5]^2."""
    centre, half_range = _centre_and_half_range(raw_points)
    if not math.isfinite(half_range):
        raise CsvError("The coordinates are too large to be scaled into the view.")
    if half_range == 0.0:
        raise CsvError("All points are at the same position; the coordinates must vary.")
    return (float(centre[0]), float(centre[1])), POINTS_HALF_WIDTH / half_range


def _label_scale(labels: np.ndarray) -> tuple[float, float]:
    """Centre and factor that map regression labels onto [-1, 1]."""
    centre, half_range = _centre_and_half_range(labels[:, None])
    if not math.isfinite(half_range):
        raise CsvError("The labels are too large to be scaled.")
    if half_range == 0.0:
        raise CsvError(f"Every row has the label {labels[0]:g}; regression needs labels that vary.")
    return float(centre[0]), 1.0 / half_range


# -------------------------------------------------------------------------------- public API


def load_csv(content: bytes | str, *, problem: Problem | None = None) -> CsvData:
    """Validate and load a CSV file of 2-D points with a label.

    Args:
        content: the uploaded file, as bytes (UTF-8) or already decoded text.
        problem: force "classification" or "regression"; None decides from the labels
            (all whole numbers -> classification).

    Returns:
        ``CsvData`` with the points scaled into the view and the labels ready to train on.

    Raises:
        CsvError: the file cannot be used; the message says why and, when it applies, on which
            line (``error.line``).
        ValueError: ``problem`` is not None, "classification" or "regression".
    """
    if problem not in (None, "classification", "regression"):
        raise ValueError(
            f"problem must be None, 'classification' or 'regression', got {problem!r}."
        )
    if isinstance(content, bytes | bytearray):
        if not content:
            raise CsvError("The file is empty.")
        content = _decode(bytes(content))
    text = _check_text(content)
    table, lines, header = _parse_rows(text)
    raw_points, raw_labels = table[:, :2], table[:, 2]
    centre, factor = _points_scale(raw_points)
    chosen = _choose_problem(raw_labels, lines, problem)
    if chosen == "classification":
        labels, class_values = _class_indices(raw_labels, lines)
        scale = CsvScale(centre, factor)
        n_classes = len(class_values)
    else:
        label_centre, label_factor = _label_scale(raw_labels)
        labels = (raw_labels - label_centre) * label_factor
        scale = CsvScale(centre, factor, label_centre, label_factor)
        class_values, n_classes = (), 0
    return CsvData(
        points=scale.points_to_view(raw_points),
        labels=labels,
        problem=chosen,
        n_classes=n_classes,
        class_values=class_values,
        scale=scale,
        header=header,
    )
