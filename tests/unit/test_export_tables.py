"""Exported tables and files: points and history as CSV, named weights, the zip of everything."""

from __future__ import annotations

import csv
import io
import zipfile

import numpy as np
import pytest

from playground import PlaygroundConfig, Trainer
from playground.data import load_csv, make_csv_dataset
from playground.export import (
    EXPORT_FILES,
    ZIP_NAME,
    export_zip,
    history_columns,
    history_csv,
    named_weights,
    points_csv,
    read_points_csv,
    weights_npz,
)
from playground.model_io import model_from_bytes

CONFIGS = {
    "binary": PlaygroundConfig(dataset="spiral", noise=0.2, n_samples=150),
    "multiclass": PlaygroundConfig(dataset="blobs", n_classes=5, n_samples=150),
    "regression": PlaygroundConfig(dataset="multi_gauss", n_samples=150),
}


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("name", CONFIGS)
def test_points_csv_reads_back_to_the_very_same_arrays(name) -> None:
    data = Trainer(CONFIGS[name]).data
    table = read_points_csv(points_csv(data))
    for field in ("x_train", "y_train", "x_test", "y_test"):
        expected, actual = getattr(data, field), getattr(table, field)
        assert actual.dtype == expected.dtype, field
        np.testing.assert_array_equal(actual, expected, err_msg=field)


def test_points_csv_has_a_header_and_training_rows_first() -> None:
    trainer = Trainer(CONFIGS["binary"])
    table = rows(points_csv(trainer))
    assert table[0] == ["x1", "x2", "label", "split"]
    n_train, n_test = len(trainer.data.x_train), len(trainer.data.x_test)
    assert [row[3] for row in table[1:]] == ["train"] * n_train + ["test"] * n_test
    assert {row[2] for row in table[1:]} == {"0", "1"}  # class labels as integers


@pytest.mark.parametrize("name", CONFIGS)
def test_points_csv_without_split_loads_as_an_upload(name) -> None:
    data = Trainer(CONFIGS[name]).data
    loaded = load_csv(points_csv(data, include_split=False))
    points = np.vstack([data.x_train, data.x_test])
    labels = np.concatenate([data.y_train, data.y_test])
    assert (loaded.problem, loaded.n_classes) == (data.problem, data.n_classes)
    assert loaded.header == ("x1", "x2", "label")
    # load_csv rescales into the view; undoing its scale gives the exported values back
    np.testing.assert_allclose(loaded.scale.points_from_view(loaded.points), points, atol=1e-12)
    if data.problem == "classification":
        np.testing.assert_array_equal(loaded.labels, labels)
    else:
        np.testing.assert_allclose(loaded.scale.labels_from_view(loaded.labels), labels, atol=1e-12)


def test_points_csv_of_an_uploaded_dataset_holds_its_view_coordinates() -> None:
    points = np.random.default_rng(0).normal(size=(40, 2)) * 100.0
    upload = "x1,x2,label\n" + "".join(f"{x},{y},{int(x > y)}\n" for x, y in points)
    data = make_csv_dataset(load_csv(upload), 0.5, seed=1, features=("x1", "x2"))
    trainer = Trainer(PlaygroundConfig(n_samples=40), data=data)
    table = read_points_csv(points_csv(trainer))
    np.testing.assert_array_equal(table.x_train, data.x_train)  # the scaled points trained on


def test_history_csv_has_one_row_per_recorded_epoch() -> None:
    trainer = Trainer(CONFIGS["regression"])
    assert rows(history_csv(trainer)) == [list(history_columns(trainer))]
    trainer.run_epochs(4)
    table = rows(history_csv(trainer))
    assert table[0] == [
        "epoch",
        "step",
        "train_loss",
        "test_loss",
        "train_r2",
        "test_r2",
        "learning_rate",
    ]
    assert [row[0] for row in table[1:]] == ["1", "2", "3", "4"]
    for j, name in enumerate(table[0]):
        values = np.array([float(row[j]) for row in table[1:]])
        np.testing.assert_array_equal(values, trainer.history.column(name), err_msg=name)


def test_history_csv_names_the_classification_metric() -> None:
    trainer = Trainer(CONFIGS["multiclass"])
    trainer.run_epochs(1)
    assert rows(history_csv(trainer))[0][4:6] == ["train_accuracy", "test_accuracy"]


def test_named_weights_are_the_networks_numbers() -> None:
    trainer = Trainer(PlaygroundConfig(hidden_layers=(3, 2), batch_norm=True, n_samples=60))
    trainer.run_epochs(2)
    with np.load(io.BytesIO(weights_npz(trainer)), allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    assert sorted(arrays) == sorted(
        [f"{p}{i}" for i in (0, 1) for p in ("W", "b", "gamma", "beta")]
        + [f"{s}{i}" for i in (0, 1) for s in ("running_mean", "running_var")]
        + ["W2", "b2"]
    )
    assert arrays["W0"].shape == (2, 3) and arrays["W2"].shape == (2, 1)
    for i, block in enumerate(trainer.network.params):
        for key, values in block.items():
            np.testing.assert_array_equal(arrays[f"{key}{i}"], values)
    state = trainer.network.get_state()
    np.testing.assert_array_equal(arrays["running_var1"], state["running_var_1"])
    assert named_weights(trainer.network).keys() == arrays.keys()


def test_the_zip_holds_every_export_and_a_model_the_playground_loads() -> None:
    trainer = Trainer(CONFIGS["binary"])
    trainer.run_epochs(1)
    archive = zipfile.ZipFile(io.BytesIO(export_zip(trainer)))
    names = set(archive.namelist())
    assert {item.file_name for item in EXPORT_FILES} - {ZIP_NAME} <= names
    assert {"README.txt", "model.json", "model.npz"} <= names
    loaded = model_from_bytes(archive.read("model.json"), archive.read("model.npz"))
    inputs = trainer.data.inputs_test
    np.testing.assert_array_equal(loaded.network.predict(inputs), trainer.network.predict(inputs))
    assert archive.read("points.csv").decode() == points_csv(trainer)
    assert len({item.file_name for item in EXPORT_FILES}) == len(EXPORT_FILES)
    assert all(isinstance(item.make(trainer), bytes) for item in EXPORT_FILES)


def test_exporting_leaves_the_run_unchanged() -> None:
    config = PlaygroundConfig(dataset="xor", batch_norm=True, dropout=0.3, n_samples=100)
    exported, untouched = Trainer(config), Trainer(config)
    exported.run_steps(7)
    for item in EXPORT_FILES:
        item.make(exported)
    exported.run_steps(20)
    untouched.run_steps(27)
    np.testing.assert_array_equal(exported.network.theta, untouched.network.theta)
    assert exported.evaluate() == untouched.evaluate()
