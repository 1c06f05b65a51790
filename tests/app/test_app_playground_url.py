"""The playground page under AppTest: URL parameters set the config, the view and the widgets,
widget changes update the URL, and invalid parameters warn and fall back to the defaults.

Helpers and conventions: tests/app/playground_page.py.
"""

from __future__ import annotations

from playground_page import act, has_widget, state, widget

from playground.config import PlaygroundConfig

# --- URL round trip --------------------------------------------------------------------------
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


# --- invalid URL parameters ------------------------------------------------------------------
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
