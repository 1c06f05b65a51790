"""Saving and loading a model: identical predictions, and clear errors for wrong files."""

from __future__ import annotations

import json

import numpy as np
import pytest

from playground import PlaygroundConfig, Trainer
from playground.model_io import (
    ModelFileError,
    load_model,
    model_from_bytes,
    model_to_bytes,
    save_model,
    trainer_from_model,
)


@pytest.mark.parametrize(
    "cfg",
    [
        PlaygroundConfig(
            dataset="spiral",
            hidden_layers=(6, 4),
            activation=("relu", "tanh"),
            features=("x1", "x2", "sin_x1"),
        ),
        PlaygroundConfig(dataset="blobs", n_classes=4, batch_norm=True, dropout=0.2),
        PlaygroundConfig(dataset="multi_gauss", hidden_layers=(5,)),
    ],
)
def test_a_loaded_model_predicts_identically(tmp_path, cfg: PlaygroundConfig) -> None:
    trainer = Trainer(cfg)
    trainer.run_epochs(5)
    save_model(trainer, tmp_path / "model")
    loaded = load_model(tmp_path / "model")
    assert loaded.config == cfg and loaded.feature_names == trainer.data.feature_names
    inputs = trainer.data.inputs_test
    np.testing.assert_array_equal(loaded.network.predict(inputs), trainer.network.predict(inputs))
    restored = trainer_from_model(loaded)
    assert restored.evaluate() == trainer.evaluate()


def test_the_weights_file_holds_no_pickled_objects(tmp_path) -> None:
    trainer = Trainer(PlaygroundConfig())
    _, npz_path = save_model(trainer, tmp_path / "m")
    with np.load(npz_path, allow_pickle=False) as archive:
        assert all(archive[name].dtype != object for name in archive.files)


def test_wrong_files_give_clear_errors() -> None:
    json_bytes, npz_bytes = model_to_bytes(Trainer(PlaygroundConfig()))
    other_json, other_npz = model_to_bytes(Trainer(PlaygroundConfig(hidden_layers=(8,))))
    with pytest.raises(ModelFileError, match="not valid JSON"):
        model_from_bytes(b"\xff\xfe", npz_bytes)
    with pytest.raises(ModelFileError, match="not a playground model"):
        model_from_bytes(json.dumps({"hello": 1}).encode(), npz_bytes)
    with pytest.raises(ModelFileError, match="does not fit"):
        model_from_bytes(json_bytes, other_npz)
    with pytest.raises(ModelFileError, match="does not fit"):
        model_from_bytes(json_bytes, b"not a zip file")
    broken = json.loads(json_bytes)
    broken["config"]["learning_rate"] = -1
    with pytest.raises(ModelFileError, match="learning_rate"):
        model_from_bytes(json.dumps(broken).encode(), npz_bytes)
    assert model_from_bytes(other_json, other_npz).config.hidden_layers == (8,)
