"""Tests of the CSV loader: what it accepts, how it scales, and every way it refuses a file."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import playground.data.csv_loader as csv_loader
from playground.data import MAX_ROWS, CsvData, CsvError, load_csv

HEADER = "x1,x2,label"


def table(n_rows: int = 12, labels=(0, 1)) -> list[list[str]]:
    """Rows of a valid table: points on a small grid, labels cycling through ``labels``."""
    return [[str(i % 4), str(i // 4), str(labels[i % len(labels)])] for i in range(n_rows)]


def to_csv(rows: list[list[str]], header: str | None = HEADER, newline: str = "\n") -> str:
    lines = ([header] if header else []) + [",".join(row) for row in rows]
    return newline.join(lines) + newline


def rejection(content: bytes | str, **kwargs) -> CsvError:
    with pytest.raises(CsvError) as error:
        load_csv(content, **kwargs)
    return error.value


# ------------------------------------------------------------------------------ good files


def test_file_with_header_loads_as_binary_classification() -> None:
    data = load_csv(to_csv(table()).encode())
    assert isinstance(data, CsvData)
    assert data.points.shape == (12, 2) and data.points.dtype == np.float64
    assert data.labels.dtype == np.int64 and data.labels.tolist() == [0, 1] * 6
    assert (data.problem, data.n_classes, data.class_values) == ("classification", 2, (0, 1))
    assert data.header == ("x1", "x2", "label")


def test_file_without_header_gives_the_same_data() -> None:
    with_header = load_csv(to_csv(table()))
    without = load_csv(to_csv(table(), header=None))
    assert without.header is None
    np.testing.assert_array_equal(with_header.points, without.points)
    np.testing.assert_array_equal(with_header.labels, without.labels)


def test_bom_crlf_spaces_quotes_and_trailing_blank_lines_are_tolerated() -> None:
    rows = [[f"  {x} ", f'"{y}"', f" {label}"] for x, y, label in table()]
    content = "\ufeff" + to_csv(rows, header=" x1 , x2 , label ", newline="\r\n") + "\r\n\r\n  \r\n"
    data = load_csv(content.encode("utf-8"))
    plain = load_csv(to_csv(table()))
    np.testing.assert_array_equal(data.points, plain.points)
    np.testing.assert_array_equal(data.labels, plain.labels)
    assert data.header == ("x1", "x2", "label")


def test_minus_one_plus_one_labels_map_plus_one_to_class_one() -> None:
    data = load_csv(to_csv(table(labels=(-1, 1))))
    assert data.class_values == (-1, 1)
    assert data.labels.tolist() == [0, 1] * 6


def test_multiclass_labels_are_renumbered_in_sorted_order() -> None:
    data = load_csv(to_csv(table(n_rows=15, labels=(10, 3, 7.0))))
    assert (data.problem, data.n_classes, data.class_values) == ("classification", 3, (3, 7, 10))
    assert data.labels.tolist() == [2, 0, 1] * 5


def test_twenty_classes_are_allowed() -> None:
    data = load_csv(to_csv(table(n_rows=40, labels=tuple(range(20)))))
    assert data.n_classes == 20


def test_fractional_labels_load_as_regression_scaled_into_minus_one_one() -> None:
    rows = [[str(i), str(2 * i), str(10 + 0.5 * i)] for i in range(20)]
    data = load_csv(to_csv(rows))
    assert (data.problem, data.n_classes, data.class_values) == ("regression", 0, ())
    assert data.labels.dtype == np.float64
    assert data.labels.min() == -1.0 and data.labels.max() == 1.0
    raw = np.array([10 + 0.5 * i for i in range(20)])
    np.testing.assert_allclose(data.scale.labels_from_view(data.labels), raw)


def test_problem_can_force_regression_on_whole_number_labels() -> None:
    data = load_csv(to_csv(table(labels=(0, 5))), problem="regression")
    assert data.problem == "regression" and data.n_classes == 0
    assert sorted(set(data.labels.tolist())) == [-1.0, 1.0]


def test_points_are_scaled_into_the_view_with_one_factor_keeping_the_aspect() -> None:
    rows = [[str(100 + 10 * (i % 5)), str(-3 + (i // 5)), str(i % 2)] for i in range(20)]
    data = load_csv(to_csv(rows))
    x1, x2 = data.points[:, 0], data.points[:, 1]
    assert np.all(np.abs(data.points) <= 6.0)
    assert x1.min() == pytest.approx(-5.5) and x1.max() == pytest.approx(5.5)
    # x1 spans 40 and x2 spans 3 in the file: the same factor keeps x2 13.3 times narrower.
    assert (x2.max() - x2.min()) == pytest.approx(11.0 * 3 / 40)
    assert x2.mean() == pytest.approx(0.0, abs=1e-12)
    assert data.scale.centre == (120.0, -1.5) and data.scale.factor == pytest.approx(5.5 / 20)
    raw = np.array([[float(x), float(y)] for x, y, _ in rows])
    np.testing.assert_allclose(data.scale.points_from_view(data.points), raw)
    assert "multiplied by 0.275" in data.scale.describe()


def test_exactly_the_maximum_number_of_rows_loads() -> None:
    rows = "\n".join(f"{i % 100},{i // 100},{i % 2}" for i in range(MAX_ROWS))
    assert len(load_csv(rows).points) == MAX_ROWS


# --------------------------------------------------------------------------------- rejections


def test_missing_column_names_the_line_and_the_column() -> None:
    rows = table()
    rows[4] = rows[4][:2]
    error = rejection(to_csv(rows))
    assert error.line == 6  # header is line 1, so row index 4 is line 6
    assert "Line 6" in str(error) and "found 2" in str(error) and "label" in str(error)


def test_extra_column_is_rejected_with_its_line() -> None:
    rows = table()
    rows[0] = [*rows[0], "9"]
    error = rejection(to_csv(rows, header=None))
    assert error.line == 1 and "found 4" in str(error)


def test_non_numeric_value_names_line_column_and_value() -> None:
    rows = table()
    rows[2][1] = "abc"
    error = rejection(to_csv(rows))
    assert error.line == 4
    assert "Line 4" in str(error) and "column 2 (x2)" in str(error) and "'abc'" in str(error)


def test_empty_value_is_rejected_with_its_line() -> None:
    rows = table()
    rows[7][0] = ""
    error = rejection(to_csv(rows, header=None))
    assert error.line == 8 and "column 1 (x1) is empty" in str(error)


@pytest.mark.parametrize("bad", ["nan", "NaN", "inf", "-Infinity"])
def test_nan_and_infinity_are_rejected_with_their_line(bad: str) -> None:
    rows = table()
    rows[9][0] = bad
    error = rejection(to_csv(rows))
    assert error.line == 11 and "finite" in str(error) and bad in str(error)


def test_too_few_rows_says_how_many_are_needed() -> None:
    error = rejection(to_csv(table(n_rows=9)))
    assert error.line is None
    assert "Only 9 data rows" in str(error) and "at least 10" in str(error)


def test_a_header_alone_is_too_few_rows() -> None:
    assert "Only 0 data rows" in str(rejection(HEADER + "\n"))


def test_a_single_class_is_rejected() -> None:
    error = rejection(to_csv(table(labels=(1,))))
    assert "at least two classes" in str(error) and "label 1" in str(error)


def test_more_than_twenty_classes_names_the_line_of_the_twenty_first() -> None:
    error = rejection(to_csv(table(n_rows=30, labels=tuple(range(30)))))
    assert error.line == 22  # header + 20 rows of classes 0..19, then class 20
    assert "Line 22" in str(error) and "30 classes" in str(error) and "at most 20" in str(error)


def test_more_than_fifty_thousand_rows_stops_at_the_first_extra_line() -> None:
    content = HEADER + "\n" + "\n".join(f"{i % 7},{i % 11},{i % 2}" for i in range(MAX_ROWS + 5))
    error = rejection(content)
    assert error.line == MAX_ROWS + 2 and "more than 50,000" in str(error)


@pytest.mark.parametrize("content", [b"", "", b"   \n\r\n\n", "\ufeff", b"\xef\xbb\xbf\n"])
def test_empty_files_are_rejected(content: bytes | str) -> None:
    error = rejection(content)
    assert error.line is None and "empty" in str(error)


def test_binary_content_is_rejected_with_the_line_of_the_first_nul() -> None:
    content = to_csv(table()).encode() + b"\x00\x01\x02garbage"
    error = rejection(content)
    assert error.line == 14 and "binary" in str(error)


def test_a_pickle_is_refused_and_never_loaded() -> None:
    payload = pickle.dumps({"points": [[1, 2]] * 20})
    assert "binary" in str(rejection(payload))


def test_control_characters_in_text_are_treated_as_binary() -> None:
    rows = to_csv(table()).replace("2,0,0", "2,0\x07,0", 1)
    error = rejection(rows)
    assert "binary" in str(error) and error.line is not None


def test_non_utf8_bytes_name_the_line_and_the_byte() -> None:
    content = to_csv(table()).encode().replace(b"3,0,1", b"3,0,1\xe9", 1)
    error = rejection(content)
    assert error.line == 5  # "3,0,1" is the fourth data row
    assert "not UTF-8" in str(error) and "0xe9" in str(error)


def test_latin1_header_is_rejected_as_not_utf8_on_line_one() -> None:
    content = "x1,x2,étiquette\n".encode("latin-1") + to_csv(table(), header=None).encode()
    error = rejection(content)
    assert error.line == 1 and "UTF-8" in str(error)


def test_forcing_classification_on_fractional_labels_names_the_line() -> None:
    rows = table()
    rows[3][2] = "0.5"
    error = rejection(to_csv(rows), problem="classification")
    assert error.line == 5 and "whole number" in str(error)


def test_regression_with_constant_labels_is_rejected() -> None:
    error = rejection(to_csv(table(labels=(2.5,))))
    assert "regression needs labels that vary" in str(error)


def test_points_all_at_one_position_are_rejected() -> None:
    rows = [["1", "1", str(i % 2)] for i in range(12)]
    assert "same position" in str(rejection(to_csv(rows)))


def test_unknown_problem_is_a_value_error_not_a_csv_error() -> None:
    with pytest.raises(ValueError, match="problem") as error:
        load_csv(to_csv(table()), problem="ranking")  # type: ignore[arg-type]
    assert not isinstance(error.value, CsvError)


def test_csv_error_is_a_value_error_with_message_and_line() -> None:
    error = CsvError("column 1 (x1) is empty.", 3)
    assert isinstance(error, ValueError)
    assert (error.message, error.line, str(error)) == (
        "column 1 (x1) is empty.",
        3,
        "Line 3: column 1 (x1) is empty.",
    )
    assert str(CsvError("The file is empty.")) == "The file is empty."


@settings(max_examples=150, deadline=None)
@given(content=st.one_of(st.binary(max_size=300), st.text(max_size=300)))
def test_arbitrary_content_either_loads_or_raises_csv_error(content: bytes | str) -> None:
    try:
        data = load_csv(content)
    except CsvError as error:
        assert error.line is None or error.line >= 1
    else:
        assert np.all(np.abs(data.points) <= 6.0)


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(
        st.tuples(
            st.floats(-1e6, 1e6, allow_nan=False),
            st.floats(-1e6, 1e6, allow_nan=False),
            st.integers(0, 3),
        ),
        min_size=10,
        max_size=60,
    )
)
def test_valid_tables_always_land_inside_the_view(values) -> None:
    text = "\n".join(f"{x!r},{y!r},{label}" for x, y, label in values)
    try:
        data = load_csv(text)
    except CsvError as error:  # only the documented degenerate cases may refuse
        assert "same position" in str(error) or "two classes" in str(error)
    else:
        assert np.all(np.abs(data.points) <= 5.5 + 1e-9)
        assert data.labels.max() == data.n_classes - 1


def test_loader_source_never_unpickles_evaluates_or_uses_pandas() -> None:
    source = Path(csv_loader.__file__).read_text(encoding="utf-8")
    for forbidden in ("import pickle", "pickle.load", "eval(", "exec(", "pandas", "np.load"):
        assert forbidden not in source
