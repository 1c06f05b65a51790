"""The live view's frame payload: what the canvas is sent matches the trainer, and is finite."""

from __future__ import annotations

import json

import numpy as np
import pytest

from playground import PlaygroundConfig
from playground.live.frame import downsample_indices, grid_points, scale_map
from playground.live.session import new_state
from playground.ui.widgets.live_view import (
    OPTIONAL_KEYS,
    REQUIRED_KEYS,
    STATUSES,
    decode_frames,
    decode_payload,
    encode_batch,
    encode_frames,
    encode_payload,
)


def floats(raw: bytes) -> np.ndarray:
    return np.frombuffer(raw, dtype="<f4")


def built(cfg: PlaygroundConfig, epochs: int = 5):
    state = new_state(cfg)
    state.trainer.run_epochs(epochs)
    return state, state.frames.build(state.trainer, frame=7, status="playing")


def test_grid_points_are_in_image_order() -> None:
    points = grid_points((-6.0, 6.0), 4)
    assert points.shape == (16, 2)
    np.testing.assert_allclose(points[0], [-4.5, 4.5])  # top left
    np.testing.assert_allclose(points[3], [4.5, 4.5])  # top right
    np.testing.assert_allclose(points[-1], [4.5, -4.5])  # bottom right


def test_binary_payload_matches_the_network() -> None:
    state, payload = built(PlaygroundConfig(dataset="circle", hidden_layers=(4, 2)))
    assert set(REQUIRED_KEYS) <= set(payload)
    assert payload["frame"] == 7 and payload["epoch"] == 5 and payload["problem"] == "binary"
    res = payload["output_res"]
    output = floats(payload["output"])
    assert output.shape == (res * res,)
    expected = 2 * state.trainer.predict_points(grid_points((-6, 6), res))[:, 0] - 1
    np.testing.assert_allclose(output, expected, atol=1e-5)
    assert payload["layers"] == [2, 4, 2, 1]
    assert floats(payload["neurons"]).shape == (9 * payload["neuron_res"] ** 2,)
    assert np.all(np.abs(floats(payload["neurons"])) <= 1.0 + 1e-6)
    weights = np.concatenate([p["W"].ravel() for p in state.trainer.network.params])
    np.testing.assert_allclose(floats(payload["weights"]), weights, rtol=1e-6)
    assert len(floats(payload["points"])) == 2 * 500
    assert np.frombuffer(payload["is_test"], dtype=np.uint8).sum() == 250
    assert payload["train_loss"] == pytest.approx(state.trainer.history[-1]["train_loss"])
    assert len(floats(payload["history"]["epoch"])) == 5
    assert len(encode_payload(payload)) < 100_000


def test_multiclass_payload_sends_class_and_confidence() -> None:
    state, payload = built(PlaygroundConfig(dataset="blobs", n_classes=4))
    res = payload["output_res"]
    probabilities = state.trainer.predict_points(grid_points((-6, 6), res))
    np.testing.assert_array_equal(floats(payload["output"]), probabilities.argmax(axis=1))
    np.testing.assert_allclose(floats(payload["output_conf"]), probabilities.max(axis=1), atol=1e-5)
    assert payload["layers"][-1] == 4 and payload["n_classes"] == 4


def test_regression_payload_is_clipped_to_the_colour_range() -> None:
    _, payload = built(PlaygroundConfig(dataset="plane", learning_rate=0.3), epochs=2)
    assert payload["problem"] == "regression" and payload["metric_name"] == "R²"
    assert np.all(np.abs(floats(payload["output"])) <= 1.0)


def test_big_networks_get_coarser_maps_and_stay_small() -> None:
    _, payload = built(PlaygroundConfig(hidden_layers=(64,) * 10), epochs=1)
    assert payload["output_res"] == 40 and payload["neuron_res"] == 12
    assert len(encode_payload(payload)) < 400_000


def test_maps_are_finite_even_from_non_finite_values() -> None:
    values = np.array([[np.nan, np.inf, -np.inf, 3.0], [0.0, 0.0, 0.0, 0.0]])
    for activation in (None, "relu", "tanh", "sigmoid"):
        scaled = scale_map(values, activation)
        assert np.all(np.isfinite(scaled))
    np.testing.assert_allclose(scale_map(np.array([[0.0, 0.5, 1.0]]), "sigmoid"), [[-1, 0, 1]])
    np.testing.assert_allclose(scale_map(np.array([[0.0, 2.0, 4.0]]), "relu"), [[0, 0.5, 1]])


def test_history_is_downsampled_with_the_last_epoch_kept() -> None:
    keep = downsample_indices(10_000, limit=400)
    assert len(keep) <= 400 and keep[0] == 0 and keep[-1] == 9_999
    assert list(downsample_indices(5)) == [0, 1, 2, 3, 4]


def test_state_keeps_training_through_settings_and_rebuilds_on_structure() -> None:
    state = new_state(PlaygroundConfig())
    state.trainer.run_epochs(4)
    trainer = state.trainer
    assert state.apply_config(state.config.replace(learning_rate=0.1, optimizer="adam")) is False
    assert state.trainer is trainer and trainer.epoch == 4
    assert state.apply_config(state.config.replace(hidden_layers=(3,))) is True
    assert state.trainer is not trainer and state.trainer.epoch == 0
    assert state.frames.data is state.trainer.data


def test_a_batch_carries_its_frames_in_order_and_the_spacing() -> None:
    state = new_state(PlaygroundConfig())
    payloads = []
    for number in (1, 2, 3):
        state.trainer.run_epochs(1)
        payloads.append(state.frames.build(state.trainer, number, "playing"))
    message = encode_batch([encode_payload(p) for p in payloads], spacing=0.025)
    assert message[:4] == b"PGLB" and int.from_bytes(message[8:12], "little") == 25_000
    frames = decode_frames(message)
    assert [f["frame"] for f in frames] == [1, 2, 3]
    assert [f["epoch"] for f in frames] == [1, 2, 3]
    second = np.frombuffer(payloads[1]["weights"], "<f4")
    np.testing.assert_array_equal(frames[1]["weights"], second)
    assert decode_payload(message)["frame"] == 3  # a batch decodes to its newest frame


def test_a_batchs_later_maps_travel_as_deltas_and_decode_to_the_same_codes() -> None:
    state = new_state(PlaygroundConfig(dataset="blobs", n_classes=3))  # multiclass codes too
    payloads = []
    for number in (1, 2, 3):
        state.trainer.run_epochs(3)
        payloads.append(state.frames.build(state.trainer, number, "playing", first=number == 1))
    message = encode_frames(payloads, spacing=0.02)
    frames = decode_frames(message)
    for payload, frame in zip(payloads, frames, strict=True):
        alone = decode_payload(encode_payload(payload))  # no deltas: the codes themselves
        for key in ("output", "output_conf", "neurons"):
            np.testing.assert_array_equal(frame[key], alone[key])
    dtypes = [json_header(message, index) for index in range(3)]
    assert [d["neurons"]["$a"][2] for d in dtypes] == ["u8", "u8d", "u8d"]
    assert dtypes[1]["output"]["$a"][2] == "u8d"
    assert encode_frames(payloads[:1], 0.0) == encode_payload(payloads[0])  # one frame: as is


def json_header(batch: bytes, index: int) -> dict:
    """The JSON header of frame `index` of a batch message."""
    at = 12
    for _ in range(index):
        at += 4 + int.from_bytes(batch[at : at + 4], "little")
        at += -at % 4
    frame = batch[at + 4 :]
    return json.loads(frame[8 : 8 + int.from_bytes(frame[4:8], "little")])


def test_numbers_that_are_not_finite_travel_as_null() -> None:
    _, payload = built(PlaygroundConfig(), epochs=1)
    payload.update(train_loss=float("nan"), test_loss=np.float64(np.inf), train_metric=-np.inf)
    payload["bounds"] = [-6.0, float("nan")]  # anywhere in the header, not only the figures
    header = decode_payload(encode_payload(payload))
    assert header["train_loss"] is None and header["test_loss"] is None
    assert header["train_metric"] is None and header["bounds"] == [-6.0, None]
    assert header["test_metric"] == pytest.approx(payload["test_metric"])


def test_status_text_and_presenter_mode_travel_in_the_header() -> None:
    _, payload = built(PlaygroundConfig(), epochs=1)
    payload.update(status="no_data", status_text="There are no training points.")
    assert payload["status"] in STATUSES and "status_text" in OPTIONAL_KEYS
    header = decode_payload(encode_payload(payload, presenter=True))
    assert header["status"] == "no_data"
    assert header["status_text"] == "There are no training points."
    assert header["presenter"] is True
    assert "presenter" not in decode_payload(encode_payload(payload))
