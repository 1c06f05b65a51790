"""The playground page under AppTest: controls, play state, divergence, URL parameters.

AppTest never fires the live fragment's `run_every` timer, so each `.run()` is one tick of the live
loop. The loop trains by elapsed time (the first tick after Play trains nothing), so tests that need
training sleep a little between runs. The state under test is the `LiveState` the page keeps in
`st.session_state["live:main"]`; every widget's key is `main:<name>`.
"""

from __future__ import annotations

import itertools
import math
import operator
import time

import numpy as np
import pytest
from apptest_helpers import button, live_views
from streamlit.testing.v1 import AppTest

from playground.config import PlaygroundConfig
from playground.data import CLASSIFICATION_GENERATORS, FEATURE_LABELS, REGRESSION_GENERATORS
from playground.live.pacing import FRAMES_PER_RUN, train_frames
from playground.trainer import Trainer
from playground.ui.widgets.live_view import COMPONENT_NAME, decode_frames, decode_payload

STATE_KEY = "live:main"
WIDGET_TYPES = (
    "button",
    "button_group",
    "checkbox",
    "toggle",
    "number_input",
    "radio",
    "select_slider",
    "selectbox",
    "slider",
)
CLICK = "<click>"


# --- helpers ----------------------------------------------------------------------------------
def state(at: AppTest):
    return at.session_state[STATE_KEY]


def widget(at: AppTest, key: str):
    """The widget with `key`, whatever its type (a button's may end in a click count)."""
    try:
        return button(at, key)
    except LookupError:
        pass
    for kind in WIDGET_TYPES:
        for element in at.get(kind):
            if getattr(element, "key", None) == key:
                return element
    raise LookupError(f"no widget with key {key!r} on the page")


def has_widget(at: AppTest, key: str) -> bool:
    try:
        widget(at, key)
    except LookupError:
        return False
    return True


def act(at: AppTest, key: str, value=CLICK) -> AppTest:
    """Set a widget (or click a button) and run the page once."""
    element = widget(at, key)
    (element.click() if value is CLICK else element.set_value(value)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def run_until(at: AppTest, condition, max_runs: int = 60, pause: float = 0.02) -> AppTest:
    """Run the page (one live-loop tick each) until `condition(state)` holds."""
    for _ in range(max_runs):
        if condition(state(at)):
            return at
        time.sleep(pause)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
    raise AssertionError(f"condition not reached after {max_runs} runs")


def play(at: AppTest, min_epochs: int = 2) -> AppTest:
    """Press Play and tick until at least `min_epochs` epochs are trained."""
    act(at, "main:play")
    assert state(at).playing
    return run_until(at, lambda s: s.trainer.epoch >= min_epochs)


def live_payload(at: AppTest) -> dict:
    views = live_views(at)
    assert len(views) == 1
    return decode_payload(views[0].proto.bytes)


def expected(value):
    return pytest.approx(value) if isinstance(value, float) else value


# --- 1. the page loads --------------------------------------------------------------------------
def test_page_loads_with_play_button_and_live_view(playground_app):
    at = playground_app()
    assert not at.exception
    assert not at.error
    assert not at.warning
    assert widget(at, "main:play").label == "Play"
    views = live_views(at)
    assert len(views) == 1
    proto = views[0].proto
    assert proto.component_name.startswith(COMPONENT_NAME)
    assert proto.id.endswith("main:view")
    assert proto.bytes[:4] == b"PGLV"
    payload = decode_payload(proto.bytes)
    s = state(at)
    assert payload["epoch"] == 0
    assert payload["status"] == "paused"
    assert payload["problem"] == "binary"
    assert payload["layers"][0] == len(s.config.features)
    assert len(payload["points"]) == 2 * s.config.n_samples
    assert s.config == PlaygroundConfig()
    assert not s.playing


# --- 2. every control changes the config -------------------------------------------------------
CONTROL_CASES = [
    # (setup: widgets set first, key, value, attribute of the LiveState, expected value)
    ((), "learning_rate", 0.1, "config.learning_rate", 0.1),
    ((), "learning_rate", 0.00001, "config.learning_rate", 0.00001),
    ((), "activation", "relu", "config.activation", "relu"),
    ((), "activation", "sigmoid", "config.activation", "sigmoid"),
    ((), "regularization", "l2", "config.regularization", "l2"),
    ((), "regularization", "l1", "config.regularization", "l1"),
    ((), "regularization_rate", 0.01, "config.regularization_rate", 0.01),
    ((("pick_blobs", CLICK),), "n_classes", 5, "config.n_classes", 5),
    ((), "train_ratio", 70, "config.train_ratio", 0.7),
    ((), "noise", 25, "config.noise", 0.25),
    ((), "n_samples", 1000, "config.n_samples", 1000),
    ((), "batch_size", 30, "config.batch_size", 30),
    ((), "seed", 42, "config.seed", 42),
    ((), "n_layers", 3, "config.hidden_layers", (4, 2, 4)),
    ((), "n_layers", 1, "config.hidden_layers", (4,)),
    ((), "n_layers", 0, "config.hidden_layers", ()),
    ((), "units_0", 8, "config.hidden_layers", (8, 2)),
    ((), "units_1", 5, "config.hidden_layers", (4, 5)),
    ((), "dropout", 0.2, "config.dropout", 0.2),
    ((), "batch_norm", True, "config.batch_norm", True),
    ((), "weight_init", "he", "config.weight_init", "he"),
    ((), "weight_init", "zeros", "config.weight_init", "zeros"),
    ((), "loss", "squared_error", "config.loss", "squared_error"),
    ((), "optimizer", "momentum", "config.optimizer", "momentum"),
    ((), "optimizer", "rmsprop", "config.optimizer", "rmsprop"),
    ((), "optimizer", "adam", "config.optimizer", "adam"),
    ((("optimizer", "momentum"),), "momentum", 0.5, "config.momentum", 0.5),
    ((("optimizer", "momentum"),), "nesterov", True, "config.nesterov", True),
    ((("optimizer", "adam"),), "beta_1", 0.8, "config.beta_1", 0.8),
    ((("optimizer", "adam"),), "beta_2", 0.99, "config.beta_2", 0.99),
    ((), "lr_schedule", "step", "config.lr_schedule", "step"),
    ((), "lr_schedule", "cosine", "config.lr_schedule", "cosine"),
    ((("lr_schedule", "step"),), "lr_decay_epochs", 50, "config.lr_decay_epochs", 50),
    ((("lr_schedule", "cosine"),), "lr_decay_epochs", 300, "config.lr_decay_epochs", 300),
    ((("lr_schedule", "step"),), "lr_decay", 0.25, "config.lr_decay", 0.25),
    ((), "show_test", True, "view.show_test", True),
    ((), "discretize", True, "view.discretize", True),
    ((), "speed", "fast", "view.speed", "fast"),
    ((), "speed", "slow", "view.speed", "slow"),
]


@pytest.mark.parametrize(
    ("setup", "name", "value", "attribute", "want"),
    CONTROL_CASES,
    ids=[f"{case[1]}={case[2]}" for case in CONTROL_CASES],
)
def test_control_changes_config(playground_app, setup, name, value, attribute, want):
    at = playground_app()
    get = operator.attrgetter(attribute)
    for key, setup_value in setup:
        act(at, f"main:{key}", setup_value)
    assert get(state(at)) != expected(want), "the case must change something"
    act(at, f"main:{name}", value)
    s = state(at)
    assert get(s) == expected(want)
    assert s.trainer.config == s.config  # the trainer runs what the controls say
    assert widget(at, f"main:{name}").value == expected(value)


def test_problem_type_switches_to_a_regression_dataset_and_back(playground_app):
    at = act(playground_app(), "main:problem", "regression")
    cfg = state(at).config
    assert (cfg.problem, cfg.dataset, cfg.loss, cfg.n_samples) == (
        "regression", "plane", "squared_error", 1200,
    )  # fmt: skip
    buttons = {b.key for b in at.button if b.key.startswith("main:pick_")}
    assert buttons == {f"main:pick_{name}" for name in REGRESSION_GENERATORS}
    assert not has_widget(at, "main:loss")  # regression has one loss
    act(at, "main:problem", "classification")
    cfg = state(at).config
    assert (cfg.problem, cfg.dataset, cfg.loss, cfg.n_samples) == (
        "classification", "circle", "cross_entropy", 500,
    )  # fmt: skip


@pytest.mark.parametrize("name", [*CLASSIFICATION_GENERATORS, *REGRESSION_GENERATORS])
def test_dataset_button_picks_dataset(playground_app, name):
    at = playground_app()
    names = list(CLASSIFICATION_GENERATORS)
    if name in REGRESSION_GENERATORS:
        act(at, "main:problem", "regression")
        names = list(REGRESSION_GENERATORS)
    other = next(n for n in names if n != name)
    act(at, f"main:pick_{other}")
    assert state(at).config.dataset == other
    act(at, f"main:pick_{name}")
    s = state(at)
    assert s.config.dataset == name
    assert s.trainer.config.dataset == name
    assert widget(at, f"main:pick_{name}").proto.type == "primary"
    assert widget(at, f"main:pick_{other}").proto.type == "secondary"
    assert has_widget(at, "main:n_classes") == (name == "blobs")
    if name == "blobs":
        assert s.config.loss == "cross_entropy"
        assert s.trainer.data.n_classes == s.config.n_classes == 3


@pytest.mark.parametrize("name", list(FEATURE_LABELS))
def test_feature_checkbox_toggles_feature(playground_app, name):
    at = playground_app()
    before = state(at).config.features
    act(at, f"main:feature_{name}", name not in before)
    features = state(at).config.features
    assert (name in features) == (name not in before)
    assert set(features) ^ set(before) == {name}
    assert state(at).trainer.data.inputs_train.shape[1] == len(features)


def test_regenerate_picks_a_new_seed(playground_app):
    at = playground_app()
    points = state(at).trainer.data.inputs_train.copy()
    act(at, "main:regenerate")
    s = state(at)
    assert s.config.seed != 0
    assert widget(at, "main:seed").value == s.config.seed
    assert not np.array_equal(s.trainer.data.inputs_train, points)


def test_conditional_controls_appear_only_when_they_apply(playground_app):
    at = playground_app()
    hidden = ["momentum", "nesterov", "beta_1", "beta_2", "lr_decay", "lr_decay_epochs"]
    hidden = [f"main:{name}" for name in [*hidden, "n_classes", "units_2"]]
    assert not any(has_widget(at, key) for key in hidden)
    act(at, "main:optimizer", "momentum")
    assert has_widget(at, "main:momentum") and has_widget(at, "main:nesterov")
    assert not has_widget(at, "main:beta_1")
    act(at, "main:optimizer", "adam")
    assert has_widget(at, "main:beta_1") and has_widget(at, "main:beta_2")
    assert not has_widget(at, "main:momentum")
    act(at, "main:lr_schedule", "cosine")
    assert has_widget(at, "main:lr_decay_epochs") and not has_widget(at, "main:lr_decay")
    act(at, "main:n_layers", 0)
    assert not has_widget(at, "main:units_0")


# --- 3. structural vs non-structural changes ----------------------------------------------------
NON_STRUCTURAL = [
    ("learning_rate", 0.1),
    ("optimizer", "adam"),
    ("regularization_rate", 0.01),
    ("regularization", "l2"),
    ("lr_schedule", "cosine"),
    ("batch_size", 30),
]
STRUCTURAL = [
    ("pick_spiral", CLICK),
    ("noise", 10),
    ("n_layers", 3),
    ("units_0", 6),
    ("activation", "relu"),
    ("feature_x1^2", True),
    ("batch_norm", True),
    ("weight_init", "he"),
    ("seed", 7),
]


@pytest.mark.parametrize(("name", "value"), NON_STRUCTURAL, ids=[n for n, _ in NON_STRUCTURAL])
def test_non_structural_change_keeps_training_state(playground_app, name, value):
    at = play(playground_app())
    act(at, "main:play")  # pause, so the weights stand still
    s = state(at)
    assert not s.playing
    trainer, epoch, step = s.trainer, s.trainer.epoch, s.trainer.step
    theta = trainer.network.theta.copy()
    act(at, f"main:{name}", value)
    s = state(at)
    assert s.trainer is trainer
    assert (s.trainer.epoch, s.trainer.step) == (epoch, step)
    np.testing.assert_array_equal(s.trainer.network.theta, theta)
    assert s.trainer.config == s.config
    assert getattr(s.trainer.settings, name) == expected(value)
    act(at, "main:play")  # and training goes on from there
    run_until(at, lambda s: s.trainer.epoch > epoch)
    assert state(at).trainer is trainer


def test_learning_rate_change_while_playing_keeps_playing_and_epochs(playground_app):
    at = play(playground_app())
    trainer, epoch = state(at).trainer, state(at).trainer.epoch
    act(at, "main:learning_rate", 0.1)
    s = state(at)
    assert s.playing
    assert s.trainer is trainer
    assert s.trainer.epoch >= epoch
    assert s.trainer.learning_rate == 0.1


@pytest.mark.parametrize(("name", "value"), STRUCTURAL, ids=[n for n, _ in STRUCTURAL])
def test_structural_change_rebuilds_and_keeps_playing(playground_app, name, value):
    at = play(playground_app())
    old = state(at).trainer
    assert old.epoch > 0
    act(at, f"main:{name}", value)
    s = state(at)
    assert s.trainer is not old
    assert s.trainer.epoch == 0
    assert s.trainer.config == s.config != old.config
    assert s.playing
    assert widget(at, "main:play").label == "Pause"
    run_until(at, lambda s: s.trainer.epoch > 0)  # the new network trains on its own


# --- 4. play, pause, step, reset ----------------------------------------------------------------
def test_a_playing_run_sends_a_batch_of_frames_trained_in_turn(playground_app):
    at = playground_app()
    act(at, "main:play")
    time.sleep(0.1)
    at.run()
    (view,) = live_views(at)
    frames = decode_frames(view.proto.bytes)
    assert len(frames) == FRAMES_PER_RUN  # several frames per Streamlit run, played back in turn
    numbers = [frame["frame"] for frame in frames]
    assert numbers == list(range(numbers[0], numbers[0] + FRAMES_PER_RUN))
    epochs = [frame["epoch"] for frame in frames]
    assert epochs == sorted(epochs) and epochs[-1] > epochs[0]
    assert epochs[-1] == state(at).trainer.epoch
    act(at, "main:play")  # paused: one frame, shown at once
    assert len(decode_frames(live_views(at)[0].proto.bytes)) == 1


def test_frames_of_a_full_run_replace_the_queue_and_timer_runs_do_not(playground_app):
    at = playground_app()
    act(at, "main:play")
    time.sleep(0.05)
    act(at, "main:learning_rate", 0.1)  # a setting changed: a full run
    frames = decode_frames(live_views(at)[0].proto.bytes)
    assert frames[0]["replace"] is True and not any("replace" in f for f in frames[1:])
    s = state(at)
    assert not s.replace_queue
    time.sleep(0.05)
    later, _ = train_frames(s)  # what the fragment's own timer runs send
    assert len(later) == FRAMES_PER_RUN and not any("replace" in f for f in later)


def test_play_advances_epochs_and_pause_stops_them(playground_app):
    at = playground_app()
    act(at, "main:play")
    s = state(at)
    assert s.playing
    assert widget(at, "main:play").label == "Pause"
    epochs = []
    for _ in range(4):
        time.sleep(0.05)
        at.run()
        epochs.append(s.trainer.epoch)
        payload = live_payload(at)
        assert payload["epoch"] == s.trainer.epoch
        assert payload["status"] == "playing"
    assert epochs[-1] > 0
    assert all(b > a for a, b in itertools.pairwise(epochs)), epochs
    act(at, "main:play")
    assert not s.playing
    assert widget(at, "main:play").label == "Play"
    paused_at = s.trainer.epoch
    for _ in range(3):
        time.sleep(0.05)
        at.run()
    assert s.trainer.epoch == paused_at
    assert live_payload(at)["status"] == "paused"


def test_step_trains_exactly_one_epoch_and_pauses(playground_app):
    at = playground_app()
    s = state(at)
    steps_per_epoch = math.ceil(len(s.trainer.data.y_train) / s.config.batch_size)
    act(at, "main:step")
    assert (s.trainer.epoch, s.trainer.step) == (1, steps_per_epoch)
    assert not s.playing
    act(at, "main:step")
    assert (s.trainer.epoch, s.trainer.step) == (2, 2 * steps_per_epoch)
    assert live_payload(at)["epoch"] == 2
    # Step while playing: pauses and trains exactly one more epoch.
    play(at, min_epochs=3)
    epoch = s.trainer.epoch
    act(at, "main:step")
    assert s.trainer.epoch == epoch + 1
    assert not s.playing
    assert widget(at, "main:play").label == "Play"


def test_reset_returns_to_initial_weights(playground_app):
    at = playground_app()
    initial = state(at).trainer.network.theta.copy()
    play(at, min_epochs=3)
    act(at, "main:play")  # pause
    trained = state(at).trainer.network.theta.copy()
    assert not np.array_equal(trained, initial)
    act(at, "main:reset")
    s = state(at)
    assert (s.trainer.epoch, s.trainer.step) == (0, 0)
    assert not s.playing
    np.testing.assert_array_equal(s.trainer.network.theta, initial)
    np.testing.assert_array_equal(s.trainer.network.theta, Trainer(s.config).network.theta)
    assert live_payload(at)["epoch"] == 0


def test_reset_while_playing_starts_again_from_epoch_zero(playground_app):
    at = play(playground_app(), min_epochs=3)
    act(at, "main:reset")
    s = state(at)
    assert s.trainer.epoch == 0
    np.testing.assert_array_equal(s.trainer.network.theta, Trainer(s.config).network.theta)


# --- 5. divergence ------------------------------------------------------------------------------
def test_divergence_shows_error_and_reset_recovers(playground_app):
    at = playground_app()
    act(at, "main:problem", "regression")
    act(at, "main:pick_plane")
    act(at, "main:units_0", 8)
    act(at, "main:units_1", 8)
    act(at, "main:learning_rate", 10.0)
    s = state(at)
    assert (s.config.dataset, s.config.hidden_layers, s.config.learning_rate) == (
        "plane", (8, 8), 10.0,
    )  # fmt: skip
    act(at, "main:play")
    run_until(at, lambda s: s.trainer.diverged, max_runs=100)
    s = state(at)
    assert not at.exception
    assert not s.playing
    assert widget(at, "main:play").label == "Play"
    assert len(at.error) == 1
    message = at.error[0].value
    assert "diverged" in message
    assert "smaller" in message and "learning rate" in message.lower()
    assert live_payload(at)["status"] == "diverged"
    at.run()  # a further tick neither trains nor clears the message
    assert state(at).trainer.diverged and len(at.error) == 1
    act(at, "main:reset_after_divergence")
    s = state(at)
    assert not s.trainer.diverged
    assert (s.trainer.epoch, s.trainer.step) == (0, 0)
    assert not at.error
    assert not has_widget(at, "main:reset_after_divergence")
    np.testing.assert_array_equal(s.trainer.network.theta, Trainer(s.config).network.theta)


# --- 6. URL round trip --------------------------------------------------------------------------
URL = {
    "dataset": "spiral",
    "hidden_layers": "8,8",
    "learning_rate": "0.01",
    "noise": "0.2",
    "show_test": "1",
    "speed": "fast",
}


def test_url_parameters_set_config_view_and_widgets(playground_app):
    at = playground_app(URL)
    assert not at.exception
    assert not at.warning
    s = state(at)
    assert s.config.dataset == "spiral"
    assert s.config.hidden_layers == (8, 8)
    assert s.config.learning_rate == 0.01
    assert s.config.noise == 0.2
    assert (s.view.show_test, s.view.discretize, s.view.speed) == (True, False, "fast")
    assert widget(at, "main:pick_spiral").proto.type == "primary"
    assert widget(at, "main:learning_rate").value == 0.01
    assert widget(at, "main:noise").value == 20
    assert widget(at, "main:n_layers").value == 2
    assert (widget(at, "main:units_0").value, widget(at, "main:units_1").value) == (8, 8)
    assert widget(at, "main:show_test").value is True
    assert widget(at, "main:speed").value == "fast"
    assert at.query_params == URL


def test_widget_changes_update_the_url(playground_app):
    at = playground_app(URL)
    act(at, "main:learning_rate", 0.1)
    assert at.query_params["learning_rate"] == "0.1"
    act(at, "main:noise", 0)  # back to the default: dropped from the URL
    assert "noise" not in at.query_params
    act(at, "main:pick_moons")
    assert at.query_params["dataset"] == "moons"
    act(at, "main:speed", "normal")
    assert "speed" not in at.query_params
    act(at, "main:discretize", True)
    assert at.query_params["discretize"] == "1"
    act(at, "main:n_layers", 3)
    assert at.query_params["hidden_layers"] == "8,8,4"
    cfg, warnings = PlaygroundConfig.from_query_params(at.query_params)
    assert warnings == []
    assert cfg == state(at).config


# --- 7. invalid URL parameters ------------------------------------------------------------------
BAD_URL = {
    "noise": "lots",
    "hidden_layers": "4,100",
    "learning_rate": "99",
    "speed": "warp",
    "dataset": "nonsense",
}


def test_invalid_url_parameters_warn_and_fall_back_to_defaults(playground_app):
    at = playground_app(BAD_URL)
    assert not at.exception
    texts = [w.value for w in at.warning]
    assert len(texts) == len(BAD_URL), texts
    for name, value in BAD_URL.items():
        assert sum(f"{name}={value}" in text for text in texts) == 1, (name, texts)
    s = state(at)
    default = PlaygroundConfig()
    assert s.config.noise == default.noise
    assert s.config.hidden_layers == default.hidden_layers
    assert s.config.learning_rate == default.learning_rate
    assert s.config.dataset == default.dataset
    assert s.view.speed == "normal"
    assert widget(at, "main:speed").value == "normal"
    at.run()  # the warnings stay until dismissed
    assert len(at.warning) == len(BAD_URL)
    act(at, "main:dismiss_warnings")
    assert not at.warning
    assert not has_widget(at, "main:dismiss_warnings")
    assert s.warnings == []
    at.run()
    assert not at.warning
    assert at.query_params == {"dataset": "circle"}


def test_valid_and_invalid_url_parameters_mix(playground_app):
    at = playground_app({"dataset": "xor", "noise": "0.9", "discretize": "maybe"})
    assert not at.exception
    s = state(at)
    assert s.config.dataset == "xor"
    assert s.config.noise == 0.0
    assert not s.view.discretize
    texts = [w.value for w in at.warning]
    assert len(texts) == 2
    assert any("noise=0.9" in t for t in texts) and any("discretize=maybe" in t for t in texts)


# --- 8. sessions are independent ----------------------------------------------------------------
def test_two_sessions_are_independent(playground_app):
    first = playground_app()
    act(first, "main:pick_spiral")
    act(first, "main:learning_rate", 0.1)
    play(first, min_epochs=1)
    second = playground_app()
    one, two = state(first), state(second)
    assert one is not two
    assert two.config == PlaygroundConfig()
    assert not two.playing
    assert two.trainer.epoch == 0
    act(second, "main:pick_moons")
    act(second, "main:step")
    assert (one.config.dataset, one.config.learning_rate) == ("spiral", 0.1)
    assert one.playing
    assert two.config.dataset == "moons"
    assert two.trainer.epoch == 1 and not two.playing
    epoch = one.trainer.epoch
    run_until(first, lambda s: s.trainer.epoch > epoch)
    assert state(second).trainer.epoch == 1
    assert first.query_params["dataset"] == "spiral"
    assert second.query_params["dataset"] == "moons"
