"""The user's own data in, and results out: CSV upload, drawn points, downloads, model loading.

An uploaded CSV goes through the core's validating loader; a rejected file leaves the previous
data in place and says which line is wrong and why. Drawing turns the current points into the
user's own set, and every click adds (or, with shift, removes) a point while the network keeps
training on the edited set. Downloads offer the points, the loss history, the model (JSON + NPZ)
and scripts that rebuild it in PyTorch or Keras; a saved model loads back with the data it was
trained on. Nothing uploaded is ever unpickled or evaluated.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import streamlit as st

from playground.data import CsvError, Dataset, load_csv, make_csv_dataset, make_features
from playground.export import EXPORT_FILES
from playground.live.session import LiveState, resplit
from playground.model_io import ModelFileError, model_from_bytes, model_to_bytes
from playground.trainer import Trainer
from playground.ui.widgets.controls import reset_widgets, widget_key
from playground.ui.workarounds.session_lock import serialized

MAX_UPLOAD_BYTES = 16 * 2**20
MAX_POINTS = 50_000


def data_panel(key: str, state: LiveState) -> None:
    """Upload a CSV, draw points, and see where the current data came from."""
    k = lambda name: widget_key(key, name)  # noqa: E731
    st.subheader("Your data", help="Train on your own points: upload a CSV or draw them.")
    st.file_uploader(
        "Upload points (CSV with columns x1, x2, label)",
        type=["csv", "txt"],
        key=k("upload"),
        on_change=_on_upload,
        args=(key, state),
        help="Labels 0/1 or class numbers make a classification problem; other "
        "numbers a regression. A header row is optional.",
    )
    if state.custom_note:
        st.caption(state.custom_note)
    drawing = st.toggle(
        "Draw points",
        key=k("drawing"),
        on_change=_on_draw_toggle,
        args=(key, state),
        help="Click the output to add a point; shift-click a point to remove it.",
    )
    state.view.drawing = drawing
    if drawing:
        _draw_label_control(key, state)
        st.button(
            "Clear all points",
            key=k("clear_points"),
            on_click=_clear,
            args=(state,),
            help="Remove every point and start drawing on an empty plane.",
        )


def export_panel(key: str, state: LiveState) -> None:
    """Download buttons for the data, the history, the model and code.

    They are made only while training is paused: building every export took a third of a full
    page run (a click, a slider), which a class of students playing pays dozens of times a
    second; a model downloaded mid-run would be a snapshot of some epoch anyway."""
    st.subheader("Download", help="Take the data, the trained model or code with you.")
    trainer, ready = state.trainer, not state.running
    json_bytes, npz_bytes = model_to_bytes(trainer) if ready else (b"", b"")
    left, right = st.columns(2)
    left.download_button(
        "Model (JSON)",
        json_bytes,
        "model.json",
        "application/json",
        key=widget_key(key, "dl_model_json"),
        disabled=not ready,
        help="The config the model was trained with; load it back below.",
    )
    right.download_button(
        "Weights (NPZ)",
        npz_bytes,
        "model.npz",
        "application/octet-stream",
        key=widget_key(key, "dl_model_npz"),
        disabled=not ready,
        help="The trained weights, as NumPy arrays (no pickle).",
    )
    for item in EXPORT_FILES:
        st.download_button(
            item.label,
            data=item.make(trainer) if ready else b"",  # a callable loses file_name (1.67)
            file_name=item.file_name,
            mime=item.mime,
            key=widget_key(key, f"dl_{item.file_name}"),
            width="stretch",
            disabled=not ready,
            help=f"Download {item.file_name} for the network as it is now (epoch {trainer.epoch}).",
        )
    if not ready:
        st.caption("Pause training to download: the files are made from the paused network.")
    st.caption("Figures: use the camera icon on each chart, or the PNG buttons on the live view.")
    st.file_uploader(
        "Load a saved model (model.json and model.npz together)",
        type=["json", "npz"],
        accept_multiple_files=True,
        key=widget_key(key, "model"),
        on_change=_on_model_upload,
        args=(key, state),
        help="Pick both files at once; the network continues from those weights.",
    )


def show_data_messages(state: LiveState) -> None:
    message = st.session_state.pop(f"data_message:{id(state)}", None)
    if message:
        kind, text = message
        (st.error if kind == "error" else st.success)(text)


@serialized
def handle_draw(state: LiveState, event: dict) -> None:
    """A click in draw mode: add a point of the chosen label, or remove the point clicked."""
    if not state.config.is_custom:
        return
    data = state.trainer.data  # the points as the browser shows them, in the same order
    if event.get("action") == "add":
        point = _new_point(data, event, state.view.draw_label)
        if point is None or len(data.x_train) + len(data.x_test) >= MAX_POINTS:
            return
        (x, y), label = point
        data = _with_train(
            data,
            np.vstack([data.x_train, [[x, y]]]),
            np.concatenate([data.y_train, np.array([label], dtype=data.y_train.dtype)]),
        )
    elif event.get("action") == "remove" and isinstance(event.get("index"), int):
        data = _without_point(data, event["index"])
    else:
        return
    state.use_points(data)


def _new_point(data: Dataset, event: dict, default_label: float):
    """((x, y), label) of an "add" event, or None when it is not a point of this data: outside
    the view, not a number, or a label the data cannot have."""
    try:
        x, y = float(event["x"]), float(event["y"])
        label = float(event.get("label", default_label))
    except (KeyError, TypeError, ValueError):
        return None
    low, high = data.bounds
    if not all(math.isfinite(v) and low <= v <= high for v in (x, y)) or not math.isfinite(label):
        return None
    if data.problem == "classification" and label not in range(data.n_classes):
        return None
    return (x, y), (label if data.problem == "classification" else min(max(label, -1.0), 1.0))


# --- callbacks --------------------------------------------------------------------------------
def _say(state: LiveState, kind: str, text: str) -> None:
    st.session_state[f"data_message:{id(state)}"] = (kind, text)


@serialized
def _on_upload(key: str, state: LiveState) -> None:
    upload = st.session_state.get(widget_key(key, "upload"))
    if upload is None:
        return
    kind, text = apply_csv(state, upload.name, upload.getvalue())
    if kind == "success":
        st.session_state[widget_key(key, "dataset")] = "custom"
        st.session_state[widget_key(key, "problem")] = state.config.problem
    _say(state, kind, text)


def apply_csv(state: LiveState, name: str, content: bytes) -> tuple[str, str]:
    """Train on an uploaded CSV; ("success" | "error", message). On error nothing changes."""
    if len(content) > MAX_UPLOAD_BYTES:
        return "error", (
            f"{name} is {len(content) / 2**20:.1f} MB; the limit is "
            f"{MAX_UPLOAD_BYTES // 2**20} MB. The previous data is kept."
        )
    try:
        csv = load_csv(content)
    except CsvError as error:
        return "error", f"{name} was not loaded — {error} The previous data is kept."
    data = make_csv_dataset(csv, state.config.train_ratio, state.config.seed, state.config.features)
    kinds = f"{csv.n_classes} classes" if csv.problem == "classification" else "regression values"
    state.custom = data
    state.custom_note = (
        f"Your data: {len(csv.points)} points ({kinds}) from {name}. {csv.scale.describe()}"
    )
    state.rebuild(state.config.replace(dataset="custom", problem=data.problem, loss=None))
    return "success", f"Loaded {len(csv.points)} points from {name}."


@serialized
def _on_draw_toggle(key: str, state: LiveState) -> None:
    if not st.session_state[widget_key(key, "drawing")] or state.config.is_custom:
        return
    # Drawing starts from the points on screen, with the same split, and the same network.
    state.custom = state.trainer.data
    state.custom_note = "Your data: the points on screen, now yours to edit."
    st.session_state[widget_key(key, "dataset")] = "custom"
    state.config = state.config.replace(dataset="custom")
    state.trainer.config = state.config


def _draw_label_control(key: str, state: LiveState) -> None:
    data = state.custom if state.custom is not None else state.trainer.data
    if data.problem == "regression":
        value = st.slider(
            "Value of new points",
            -1.0,
            1.0,
            1.0,
            0.1,
            key=widget_key(key, "dv"),
            help="The target value a click adds.",
        )
    else:
        value = st.radio(
            "Class of new points",
            range(data.n_classes),
            horizontal=True,
            index=min(1, data.n_classes - 1),
            key=widget_key(key, "dc"),
            format_func=lambda c: f"class {c}",
            help="The class a click adds.",
        )
    state.view.draw_label = float(value)


@serialized
def _clear(state: LiveState) -> None:
    if state.config.is_custom:
        empty, data = np.zeros((0, 2)), state.trainer.data
        data = _with_train(data, empty, data.y_train[:0])
        state.use_points(_with_test(data, empty, data.y_test[:0]))


@serialized
def _on_model_upload(key: str, state: LiveState) -> None:
    files = st.session_state.get(widget_key(key, "model")) or []
    if len(files) < 2 and all(f.name.lower().endswith((".json", ".npz")) for f in files):
        return  # wait for the second file
    kind, text = apply_model(state, {f.name: f.getvalue() for f in files})
    if kind == "success":
        reset_widgets(key)  # the widgets take the loaded config's values on this run
    _say(state, kind, text)


def apply_model(state: LiveState, files: dict[str, bytes]) -> tuple[str, str]:
    """Continue from a saved model (file name -> bytes: a .json and a .npz); on error nothing
    changes. Returns ("success" | "error", message)."""
    by_type = {name.rsplit(".", 1)[-1].lower(): data for name, data in files.items()}
    if len(files) != 2 or set(by_type) != {"json", "npz"}:
        return "error", "Choose exactly two files: the model's .json and its .npz."
    try:
        model = model_from_bytes(by_type["json"], by_type["npz"])
        data = resplit(state.custom, model.config) if model.config.is_custom else None
        trainer = Trainer(model.config, data=data)
        trainer.network.set_state(model.network.get_state())
    except (ModelFileError, ValueError) as error:
        return "error", f"The model was not loaded: {error}. The current one is kept."
    state.use_trainer(trainer)
    state.playing = False
    layers = ", ".join(map(str, model.config.hidden_layers)) or "no"
    return "success", f"Loaded the model ({layers} hidden units); press Play to train on."


# --- editing points ---------------------------------------------------------------------------
def _with_train(data: Dataset, x_train: np.ndarray, y_train: np.ndarray) -> Dataset:
    return dataclasses.replace(
        data,
        x_train=x_train,
        y_train=y_train,
        inputs_train=make_features(x_train, data.feature_names),
    )


def _with_test(data: Dataset, x_test: np.ndarray, y_test: np.ndarray) -> Dataset:
    return dataclasses.replace(
        data, x_test=x_test, y_test=y_test, inputs_test=make_features(x_test, data.feature_names)
    )


def _without_point(data: Dataset, index: int) -> Dataset:
    n_train = len(data.x_train)
    if 0 <= index < n_train:
        keep = np.arange(n_train) != index
        return _with_train(data, data.x_train[keep], data.y_train[keep])
    test_index = index - n_train
    if 0 <= test_index < len(data.x_test):
        keep = np.arange(len(data.x_test)) != test_index
        return _with_test(data, data.x_test[keep], data.y_test[keep])
    return data
