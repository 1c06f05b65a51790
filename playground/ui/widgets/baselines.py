"""The "Simpler models" view: scikit-learn models on the network's own data, beside its score.

Four small maps (`analysis/baselines.py`, pictures from `viz/baseline_maps.py`), each with its
test accuracy (R² for regression), and the network's own test score as it trains. Fitting
depends only on the data, the input features, the model and its setting, so each fit is cached
on them (`st.cache_data`, a content hash of the data; process-wide, so a class on the same data
shares it) and never runs in the live loop's fragment: while training plays, only the network's
score changes.
"""

from __future__ import annotations

import hashlib

import numpy as np
import streamlit as st

from playground.analysis.baselines import BASELINES, default_settings, fit_baseline
from playground.data.dataset import Dataset
from playground.live.session import LiveState
from playground.settings import format_layers, format_metric
from playground.viz.baseline_maps import baseline_picture
from playground.viz.png import png_bytes

CAPTION = (
    "Each map is a simpler model's prediction over the plane, fitted on the network's training "
    "points with its input features (2,000 of them at most) and scored on its test points "
    "(ringed). A linear model cannot bend its boundary; on xor it needs the x₁x₂ feature."
)


def baselines_view(state: LiveState, key: str) -> None:
    """The maps and scores for `state`'s data, the settings in an expander under them."""
    data, trainer = state.trainer.data, state.trainer
    settings = _settings(key)
    fits = [_fit(_data_key(data), data, name, setting) for name, setting in settings.items()]
    metric_name = trainer.metric_name
    metric = "R²" if metric_name == "r2" else "test accuracy"
    network = trainer.latest().get(f"test_{metric_name}", np.nan)
    layers = format_layers(state.config.hidden_layers)
    shape = f"hidden layers {layers}" if layers else "no hidden layer"
    network_score = format_metric(network, metric_name)
    st.markdown(f"**The network** ({shape}): {metric} {network_score} at epoch {trainer.epoch}")
    problems = {problem for *_, problem in fits if problem}
    if problems:
        st.info(f"The simpler models cannot be fitted: {', '.join(sorted(problems))}.")
    for column, (title, score, picture, _) in zip(st.columns(len(fits)), fits, strict=True):
        column.image(picture, output_format="PNG", width="stretch")
        column.markdown(f"**{title}**  \n{metric} {format_metric(score, metric_name)}")
    st.caption(CAPTION)
    with st.expander("Settings of the simpler models", icon=":material/tune:"):
        regression = data.problem == "regression"
        for name, baseline in BASELINES.items():
            title = baseline.regression_title if regression else baseline.title
            st.select_slider(
                f"{title}: {baseline.setting}",
                baseline.choices,
                key=f"{key}:baseline_{name}",
                help="Refits this model on the same points.",
            )


def _settings(key: str) -> dict[str, float]:
    chosen = default_settings()
    for name in BASELINES:
        st.session_state.setdefault(f"{key}:baseline_{name}", chosen[name])
        chosen[name] = st.session_state[f"{key}:baseline_{name}"]
    return chosen


def _data_key(data: Dataset) -> str:
    digest = hashlib.sha1(data.problem.encode())
    for array in (data.x_train, data.y_train, data.x_test, data.y_test, data.inputs_train):
        digest.update(np.ascontiguousarray(array).tobytes())
    digest.update(",".join(data.feature_names).encode())
    return digest.hexdigest()


@st.cache_data(max_entries=256, show_spinner="Fitting the simpler models…")
def _fit(data_key: str, _data: Dataset, name: str, setting: float) -> tuple[str, float, bytes, str]:
    """(title, score, PNG, problem) of one model; cached on the data's hash, the model and its
    setting, so a changed setting refits that model only."""
    fit = fit_baseline(_data, name, setting)
    return fit.title, fit.score, png_bytes(baseline_picture(fit, _data)), fit.problem
