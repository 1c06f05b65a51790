"""Standalone demo of the live view, fed with synthetic payloads: see it and measure it.

Run `streamlit run benchmarks/demo_live_view.py --server.enableStaticServing true` (the renderer
is served from benchmarks/static, a link to the repository's static/). A `@st.fragment` reruns
every 25 ms and sends one frame built with NumPy exactly as the frame schema describes it
(playground/live/frame_schema.py; the encoder refuses any key it does not list):
a decision boundary that rotates over time, fixed random points, a network's fake neuron maps and
oscillating weights, and a loss history that grows by one epoch per frame. No training happens;
the numbers only look like it. Choose the problem and the network shape (up to 10 layers of 64)
to see how the diagram compacts and scrolls. "Draw mode" turns on drawing: a click on the output
adds a point of the chosen class (or value), shift-click or right-click removes one; the events the
page received are printed under the view (the newest last).

URL parameters set the starting values (the browser tests use them to avoid clicking widgets
while frames stream in): `play=0` starts paused, `draw=1` in draw mode, `label=0` chooses the class
(or value) to draw, `points=0` starts on an empty plane, `presenter=1` draws the view's text larger
(the playground's presenter mode).
"""

from __future__ import annotations

import itertools
import json

import numpy as np
import streamlit as st

from playground.data.features import FEATURE_LABELS
from playground.live.frame_schema import HISTORY_KEYS
from playground.ui.widgets.live_view import DrawEvent, mount_live_view

BOUNDS = (-6.0, 6.0)
OUTPUT_RES = 100
N_POINTS = 500
NETWORKS = {
    "[2, 4, 2, 1] (TF Playground default)": [2, 4, 2],
    "[7, 8, 8, 6, 1] all features": [7, 8, 8, 6],
    "[2, 16, 16, 1] wider": [2, 16, 16],
    "[2, 64 × 10, 1] stress": [2] + [64] * 10,
}
N_CLASSES = 4
EVENT_LOG_LINES = 8


@st.cache_resource
def static_parts(problem: str, hidden: tuple[int, ...]) -> dict:
    """Everything that does not move: grids, points and their labels, base weights."""
    rng = np.random.default_rng(7)
    n_inputs = hidden[0]
    hidden = hidden[1:]
    n_out = N_CLASSES if problem == "multiclass" else 1
    layers = [n_inputs, *hidden, n_out]
    neuron_res = 40 if sum(layers) <= 60 else 12
    axis = np.linspace(BOUNDS[0], BOUNDS[1], OUTPUT_RES, dtype=np.float32)
    small = np.linspace(BOUNDS[0], BOUNDS[1], neuron_res, dtype=np.float32)
    points = rng.uniform(-5.5, 5.5, size=(N_POINTS, 2)).astype(np.float32)
    x, y = points[:, 0], points[:, 1]
    if problem == "binary":
        labels = (x**2 + y**2 < 9.0).astype(np.float32)
    elif problem == "multiclass":
        labels = ((np.arctan2(y, x) + np.pi) / (2 * np.pi) * N_CLASSES).astype(np.int64) % N_CLASSES
        labels = labels.astype(np.float32)
    else:
        labels = np.tanh(0.25 * (x + y)).astype(np.float32)
    feature_keys = list(FEATURE_LABELS)[:n_inputs]
    return {
        "layers": layers,
        "neuron_res": neuron_res,
        "grid": np.meshgrid(axis, axis[::-1]),  # row 0 = top (y = hi)
        "small_grid": np.meshgrid(small, small[::-1]),
        "points": points.tobytes(),
        "labels": labels.tobytes(),
        "is_test": (rng.random(N_POINTS) < 0.5).astype(np.uint8).tobytes(),
        "feature_keys": feature_keys,
        "weights": [rng.normal(0, 1.1, size=(a, b)) for a, b in itertools.pairwise(layers)],
        "phases": [rng.uniform(0, 2 * np.pi, size=(a, b)) for a, b in itertools.pairwise(layers)],
        "biases": [rng.normal(0, 0.3, size=b) for b in layers[1:]],
        "directions": rng.uniform(0, 2 * np.pi, size=sum(hidden)),
    }


def output_maps(problem: str, gx: np.ndarray, gy: np.ndarray, angle: float) -> np.ndarray:
    """(n_out, *grid) output: 2p-1, a regression value, or class probabilities."""
    along = gx * np.cos(angle) + gy * np.sin(angle)
    across = -gx * np.sin(angle) + gy * np.cos(angle)
    if problem == "binary":
        return np.tanh(0.9 * along + 0.6 * np.sin(0.7 * across))[None]
    if problem == "regression":
        return (np.tanh(0.35 * along) * np.cos(0.25 * across))[None]
    logits = np.stack(
        [
            1.2 * (gx * np.cos(angle + k * 2 * np.pi / N_CLASSES))
            + 1.2 * (gy * np.sin(angle + k * 2 * np.pi / N_CLASSES))
            for k in range(N_CLASSES)
        ]
    )
    logits -= logits.max(axis=0)
    probs = np.exp(logits)
    return probs / probs.sum(axis=0)


def input_maps(keys: list[str], gx: np.ndarray, gy: np.ndarray) -> list[np.ndarray]:
    """Each input feature over the grid, scaled into [-1, 1] for colouring."""
    table = {
        "x1": gx / 6,
        "x2": gy / 6,
        "x1^2": gx**2 / 18 - 1,
        "x2^2": gy**2 / 18 - 1,
        "x1x2": gx * gy / 36,
        "sin_x1": np.sin(gx),
        "sin_x2": np.sin(gy),
    }
    return [table[key] for key in keys]


def history(epoch: int, problem: str) -> dict[str, bytes]:
    """A plausible loss/metric history for epochs 0..epoch, at most 400 points."""
    epochs = np.unique(np.linspace(0, epoch, min(epoch + 1, 400)).round()).astype(np.float32)
    wobble = 0.01 * np.sin(epochs * 0.3)
    train_loss = 0.69 * np.exp(-epochs / 120) + 0.05 + wobble
    test_loss = 0.69 * np.exp(-epochs / 150) + 0.09 + 0.0002 * epochs / 10 + wobble
    if problem == "regression":
        train_metric, test_metric = 1 - 1.6 * train_loss, 1 - 1.6 * test_loss
    else:
        train_metric, test_metric = 1 - 0.7 * train_loss, 1 - 0.75 * test_loss
    arrays = [epochs, train_loss, test_loss, train_metric, test_metric]  # in HISTORY_KEYS' order
    return {k: a.astype(np.float32).tobytes() for k, a in zip(HISTORY_KEYS, arrays, strict=True)}


def synthetic_payload(frame: int, problem: str, hidden: tuple[int, ...], options: dict) -> dict:
    """One frame of the live-view contract, made of NumPy noise that looks like training."""
    parts = static_parts(problem, hidden)
    layers = parts["layers"]
    angle = 0.012 * frame
    gx, gy = parts["grid"]
    sx, sy = parts["small_grid"]
    out = output_maps(problem, gx, gy, angle)
    if problem == "multiclass":
        output, conf = out.argmax(axis=0).astype(np.float32), out.max(axis=0)
    else:
        output, conf = out[0], None
    maps = input_maps(parts["feature_keys"], sx, sy)
    hidden_dirs = iter(parts["directions"])
    for width in layers[1:-1]:
        for _ in range(width):
            d = next(hidden_dirs) + angle * 0.7
            maps.append(np.tanh(0.5 * (sx * np.cos(d) + sy * np.sin(d)) + 0.4 * np.sin(angle)))
    small_out = output_maps(problem, sx, sy, angle)
    maps.extend(small_out * 2 - 1 if problem == "multiclass" else small_out)
    wave = [
        w * (0.6 + 0.5 * np.sin(0.04 * frame + p))
        for w, p in zip(parts["weights"], parts["phases"], strict=True)
    ]
    history_bytes = history(frame, problem)
    last = {k: float(np.frombuffer(v, np.float32)[-1]) for k, v in history_bytes.items()}
    payload = {
        "frame": frame,
        "epoch": frame,
        "step": frame * 25,
        "status": "playing" if options["playing"] else "paused",
        "problem": problem,
        "n_classes": N_CLASSES if problem == "multiclass" else (2 if problem == "binary" else 0),
        "bounds": list(BOUNDS),
        "output_res": OUTPUT_RES,
        "output": output.astype(np.float32).tobytes(),
        "points": parts["points"],
        "labels": parts["labels"],
        "is_test": parts["is_test"],
        "show_test": options["show_test"],
        "discretize": options["discretize"],
        "layers": layers,
        "feature_names": [FEATURE_LABELS[k] for k in parts["feature_keys"]],
        "neuron_res": parts["neuron_res"],
        "neurons": np.concatenate([m.ravel() for m in maps]).astype(np.float32).tobytes(),
        "weights": np.concatenate([w.ravel() for w in wave]).astype(np.float32).tobytes(),
        "biases": np.concatenate(parts["biases"]).astype(np.float32).tobytes(),
        "history": history_bytes,
        "metric_name": "R²" if problem == "regression" else "accuracy",
        "train_loss": last["train_loss"],
        "test_loss": last["test_loss"],
        "train_metric": last["train_metric"],
        "test_metric": last["test_metric"],
    }
    if conf is not None:
        payload["output_conf"] = conf.astype(np.float32).tobytes()
    if options["diverged"]:
        diverge(payload)
    return payload


def diverge(payload: dict) -> None:
    """What a diverged run sends: NaN losses, maps and weights, status "diverged"."""
    nan = float("nan")
    payload.update(status="diverged", train_loss=nan, test_loss=nan, train_metric=nan)
    payload["status_text"] = (
        f"Training diverged at epoch {payload['epoch']}: the loss exploded (a demo frame). "
        "Lower the learning rate and reset."
    )
    for key in ("output", "neurons", "weights"):
        payload[key] = np.full(len(payload[key]) // 4, np.nan, np.float32).tobytes()
    for key in ("train_loss", "test_loss"):
        values = np.frombuffer(payload["history"][key], np.float32).copy()
        values[-len(values) // 5 :] = np.inf
        payload["history"][key] = values.tobytes()


def url_flag(name: str, default: bool) -> bool:
    """A 0/1 URL parameter, or `default` when it is absent."""
    value = st.query_params.get(name)
    return default if value is None else value not in ("0", "false")


def drawn_points(problem: str, hidden: tuple[int, ...]) -> dict:
    """This session's editable copy of the points (reset when the problem changes)."""
    drawn = st.session_state.get("drawn")
    if drawn is None or drawn["problem"] != problem:
        parts = static_parts(problem, hidden)
        drawn = {
            "problem": problem,
            "points": np.frombuffer(parts["points"], np.float32).reshape(-1, 2).copy(),
            "labels": np.frombuffer(parts["labels"], np.float32).copy(),
            "is_test": np.frombuffer(parts["is_test"], np.uint8).copy(),
        }
        st.session_state.drawn = drawn
        if not url_flag("points", True):
            clear_points()
    return drawn


def apply_draw_event(event: DrawEvent) -> None:
    """on_draw callback: add or remove a point and log the event (runs before the rerun)."""
    drawn = st.session_state.drawn
    if event["action"] == "add":
        drawn["points"] = np.vstack([drawn["points"], [[event["x"], event["y"]]]]).astype(
            np.float32
        )
        drawn["labels"] = np.append(drawn["labels"], np.float32(event["label"]))
        drawn["is_test"] = np.append(drawn["is_test"], np.uint8(0))
    elif event["index"] < len(drawn["labels"]):
        keep = np.arange(len(drawn["labels"])) != event["index"]
        for name in ("points", "labels", "is_test"):
            drawn[name] = drawn[name][keep]
    st.session_state.draw_events.append(event)


def clear_points() -> None:
    drawn = st.session_state.drawn
    drawn["points"] = np.zeros((0, 2), np.float32)
    drawn["labels"] = np.zeros(0, np.float32)
    drawn["is_test"] = np.zeros(0, np.uint8)


def draw_controls(problem: str) -> dict:
    """The draw-mode toggle, the label to draw and a clear button; returns the payload's `draw`."""
    columns = st.columns([1, 3, 1])
    enabled = columns[0].toggle("Draw mode", value=url_flag("draw", False))
    if not enabled:
        return {"enabled": False, "label": 1.0}
    start = float(st.query_params.get("label", 1.0 if problem != "regression" else 0.5))
    if problem == "regression":
        label = columns[1].slider("Value to draw", -1.0, 1.0, start, 0.1)
    else:
        classes = list(range(N_CLASSES if problem == "multiclass" else 2))
        index = min(max(int(start), 0), len(classes) - 1)
        label = columns[1].radio("Class to draw", classes, index=index, horizontal=True)
    columns[2].button("Clear points", on_click=clear_points)
    return {"enabled": True, "label": float(label)}


def show_events(events: list[DrawEvent]) -> None:
    """The draw events received so far: a count, then the newest as JSON lines."""
    lines = [json.dumps(event) for event in events[-EVENT_LOG_LINES:]]
    st.text("\n".join([f"draw events received: {len(events)}", *lines]))


def main() -> None:
    st.set_page_config(page_title="Live view demo", layout="wide")
    st.title("Live view demo")
    columns = st.columns([3, 3, 1, 1, 1, 1])
    problem = columns[0].radio("Problem", ["binary", "multiclass", "regression"], horizontal=True)
    network = columns[1].selectbox("Network", list(NETWORKS))
    show_test = columns[2].toggle("Show test data", value=True)
    discretize = columns[3].toggle("Discretize", value=False)
    diverged = columns[4].toggle("Diverged", value=False)
    playing = columns[5].toggle("Play", value=url_flag("play", True))
    draw = draw_controls(problem)
    options = {
        "show_test": show_test,
        "discretize": discretize,
        "playing": playing,
        "diverged": diverged,
    }
    hidden = tuple(NETWORKS[network])
    st.session_state.setdefault("frame", 0)
    st.session_state.setdefault("draw_events", [])
    drawn_points(problem, hidden)

    @st.fragment(run_every=0.025 if playing else None)
    def live() -> None:
        if playing:
            st.session_state.frame += 1
        payload = synthetic_payload(st.session_state.frame, problem, hidden, options)
        drawn = st.session_state.drawn
        payload.update(
            points=drawn["points"].tobytes(),
            labels=drawn["labels"].tobytes(),
            is_test=drawn["is_test"].tobytes(),
            draw=draw,
        )
        presenter = url_flag("presenter", False)
        mount_live_view(
            payload, key="demo_live_view", on_draw=apply_draw_event, presenter=presenter
        )
        if draw["enabled"]:
            show_events(st.session_state.draw_events)

    live()


main()
