"""Your own data in and results out, under AppTest: uploads, drawing, downloads, model loading."""

from __future__ import annotations

import dataclasses
import io
import zipfile

import numpy as np
from apptest_helpers import button
from playground_page import act

from playground import PlaygroundConfig, Trainer
from playground.export import EXPORT_FILES
from playground.live.session import new_state
from playground.model_io import model_to_bytes
from playground.ui.widgets import data_io
from playground.ui.widgets.data_io import apply_csv, apply_model, handle_draw

STATE = "live:main"


def good_csv(n: int = 60) -> bytes:
    rng = np.random.default_rng(0)
    rows = ["x1,x2,label"]
    for _ in range(n):
        x, y = rng.uniform(-3, 3, 2)
        rows.append(f"{x:.3f},{y:.3f},{int(x * y > 0)}")
    return "\n".join(rows).encode()


def test_state_edits_through_draw_events(playground_app) -> None:
    at = playground_app()
    state = at.session_state[STATE]
    at.toggle(key="main:drawing").set_value(True).run()
    assert not at.exception
    assert state.config.is_custom and state.custom is not None
    epoch_before, theta = state.trainer.epoch, state.trainer.network.theta.copy()
    n_before = len(state.custom.x_train)
    handle_draw(state, {"action": "add", "x": 1.5, "y": -2.0, "label": 1.0})
    assert len(state.custom.x_train) == n_before + 1
    assert np.allclose(state.custom.x_train[-1], [1.5, -2.0]) and state.custom.y_train[-1] == 1
    np.testing.assert_array_equal(state.trainer.network.theta, theta)  # the network is kept
    assert state.trainer.epoch == epoch_before and len(state.trainer.inputs_train) == n_before + 1
    handle_draw(state, {"action": "remove", "index": 0})
    assert len(state.custom.x_train) == n_before
    at.run()
    assert not at.exception
    at.button(key="main:clear_points").click().run()
    assert len(state.custom.x_train) == 0 and not at.exception
    button(at, "main:play").click().run()  # nothing to train on: no crash, no divergence
    at.run()
    assert not at.exception and not state.trainer.diverged


def test_a_good_csv_becomes_the_data_and_a_bad_one_changes_nothing() -> None:
    state = new_state(PlaygroundConfig())
    kind, message = apply_csv(state, "mine.csv", good_csv())
    assert kind == "success" and "60 points" in message
    assert state.config.is_custom and state.trainer.data is not None
    assert len(state.trainer.data.x_train) + len(state.trainer.data.x_test) == 60
    assert "multiplied by" in state.custom_note  # the scale is shown
    trainer = state.trainer
    for name, content, words in [
        ("bad.csv", b"x1,x2,label\n1,2,0\n3,oops,1\n" + b"1,1,0\n" * 20, "Line 3"),
        (
            "one.csv",
            ("x1,x2,label\n" + "".join(f"{i},{i % 3},1\n" for i in range(30))).encode(),
            "class",
        ),
        ("bin.csv", bytes(range(256)) * 4, "binary"),
        ("nan.csv", b"x1,x2,label\n" + b"1,nan,1\n" * 30, "Line 2"),
        ("big.csv", b"0" * (17 * 2**20), "limit"),
    ]:
        kind, message = apply_csv(state, name, content)
        assert kind == "error" and name in message, message
        assert words.lower() in message.lower(), message
        assert state.trainer is trainer  # the previous data stays


def test_a_regression_csv_switches_the_problem() -> None:
    state = new_state(PlaygroundConfig())
    rows = ["x1,x2,label"] + [f"{i % 7},{i % 5},{(i % 7) * 0.37 - 1.1:.3f}" for i in range(40)]
    kind, _ = apply_csv(state, "values.csv", "\n".join(rows).encode())
    assert kind == "success" and state.config.problem == "regression"
    assert state.trainer.network.spec.output_kind == "regression"
    state.trainer.run_epochs(3)
    assert not state.trainer.diverged


def test_a_saved_model_loads_back_with_identical_predictions() -> None:
    trained = Trainer(PlaygroundConfig(dataset="spiral", hidden_layers=(6, 4)))
    trained.run_epochs(20)
    json_bytes, npz_bytes = model_to_bytes(trained)
    state = new_state(PlaygroundConfig())
    kind, message = apply_model(state, {"model.json": json_bytes, "model.npz": npz_bytes})
    assert kind == "success", message
    assert state.config == trained.config
    np.testing.assert_array_equal(
        state.trainer.network.predict(trained.data.inputs_test),
        trained.network.predict(trained.data.inputs_test),
    )
    assert state.trainer.evaluate() == trained.evaluate()
    current = state.trainer
    for files in (
        {"model.json": json_bytes},
        {"a.json": json_bytes, "b.json": json_bytes},
        {"model.json": b"{", "model.npz": npz_bytes},
        {"model.json": json_bytes, "model.npz": b"PK-not-really"},
    ):
        kind, _ = apply_model(state, files)
        assert kind == "error" and state.trainer is current


def test_downloads_offer_every_export(playground_app) -> None:
    at = playground_app()
    labels = {button.label for button in at.get("download_button")}
    for label in (
        "Model (JSON)",
        "Weights (NPZ)",
        "PyTorch script",
        "Keras script",
        "Data points (CSV)",
        "Loss history (CSV)",
        "Everything (zip)",
    ):
        assert label in labels
    assert not at.exception
    json_bytes, npz_bytes = model_to_bytes(at.session_state[STATE].trainer)
    assert zipfile.ZipFile(io.BytesIO(_zip(json_bytes, npz_bytes))).namelist()


def _zip(*parts: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for index, part in enumerate(parts):
            archive.writestr(str(index), part)
    return buffer.getvalue()


def test_downloads_wait_for_a_pause_and_cost_a_playing_run_nothing(
    playground_app, monkeypatch
) -> None:
    at = playground_app()
    act(at, "main:play")

    def no_export(*_):
        raise AssertionError("an export was built while training played")

    monkeypatch.setattr(data_io, "model_to_bytes", no_export)
    exploding = [dataclasses.replace(item, make=no_export) for item in EXPORT_FILES]
    monkeypatch.setattr(data_io, "EXPORT_FILES", exploding)
    at.run()  # a full run while playing (a click, a slider)
    assert not at.exception
    assert all(button.proto.disabled for button in at.get("download_button"))
    monkeypatch.undo()
    act(at, "main:play")  # paused: the files are there
    assert not any(button.proto.disabled for button in at.get("download_button"))


def test_the_downloads_are_made_from_the_network_a_setting_change_just_built(
    playground_app, monkeypatch
) -> None:
    at = playground_app()  # paused
    made_from = []
    panel = data_io.export_panel
    monkeypatch.setattr(
        data_io, "export_panel", lambda key, s: (made_from.append(s.trainer), panel(key, s))
    )
    act(at, "main:activation", "relu")  # rebuilds the network in this very run
    assert made_from[-1] is at.session_state[STATE].trainer
    assert made_from[-1].config.activation == "relu"
