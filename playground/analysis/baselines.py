"""Would a simpler model do? Four scikit-learn models fitted on exactly the network's data.

A linear model (logistic regression; ridge for regression), k nearest neighbours, a support-
vector machine with an RBF kernel and a random forest learn from the network's training points
with the network's input features, and are scored on its test points with scikit-learn's own
`score`: accuracy for classification, R² for regression. Each one's prediction over the view is
a map like the network's output. What a student should find: the linear model fails on xor
(unless x1·x2 is an input); an RBF SVM matches a small network on the circle; the spiral needs a
network with enough depth, or neighbours. The first three see standardized inputs (each feature
scaled to mean 0 and spread 1 on the training points, as those models expect); the forest needs
none. Each model has one setting a student can change (`Baseline.setting`). Fitting all four
takes ~0.1–0.3 s on 250 points (at most 2,000 are used), so the page caches each fit per data,
model and setting, away from the live loop. Nothing here imports Streamlit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from playground.data.dataset import Dataset
from playground.data.features import make_features

MAP_RESOLUTION = 48  # points per side of each model's prediction map
MAX_FIT_POINTS = 2000  # training points a model learns from at most (fitting_points)


@dataclass(frozen=True)
class Baseline:
    """One simpler model: its names, its one setting and how to make it for a problem."""

    title: str
    regression_title: str
    setting: str  # what the one setting a student can change is called
    default: float
    choices: tuple[float, ...]
    make: Callable[[bool, float], Any]  # (regression?, setting) -> an unfitted estimator
    scaled: bool = True  # fitted on standardized inputs


def _linear(regression: bool, c: float):
    from sklearn.linear_model import LogisticRegression, Ridge

    return Ridge(alpha=1.0 / c) if regression else LogisticRegression(C=c, max_iter=2000)


def _neighbours(regression: bool, k: float):
    from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor

    return (KNeighborsRegressor if regression else KNeighborsClassifier)(n_neighbors=int(k))


def _svm(regression: bool, c: float):
    from sklearn.svm import SVC, SVR

    return SVR(C=c) if regression else SVC(C=c)


def _forest(regression: bool, trees: float):
    from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor

    kind = RandomForestRegressor if regression else RandomForestClassifier
    return kind(n_estimators=int(trees), random_state=0)


BASELINES: dict[str, Baseline] = {
    "linear": Baseline(
        "Logistic regression", "Linear regression (ridge)", "Inverse penalty C", 1.0,
        (0.01, 0.1, 1.0, 10.0, 100.0), _linear,
    ),
    "neighbours": Baseline(
        "k nearest neighbours", "k nearest neighbours", "Neighbours k", 5,
        (1, 3, 5, 10, 25, 50), _neighbours,
    ),
    "svm": Baseline(
        "RBF support-vector machine", "RBF support-vector regression", "Penalty C", 1.0,
        (0.1, 1.0, 10.0, 100.0), _svm,
    ),
    "forest": Baseline(
        "Random forest", "Random forest", "Trees", 100, (10, 50, 100, 300), _forest,
        scaled=False,
    ),
}  # fmt: skip


@dataclass(frozen=True)
class BaselineFit:
    """One fitted model: its test score and its prediction over the view."""

    name: str
    title: str
    score: float  # test accuracy, or test R² for regression (NaN without test points)
    grid: np.ndarray | None  # (MAP_RESOLUTION, MAP_RESOLUTION): P(class 1), a class or a value
    problem: str = ""  # why the model could not be fitted ("" when it was)


def default_settings() -> dict[str, float]:
    return {name: baseline.default for name, baseline in BASELINES.items()}


def make_model(name: str, regression: bool, setting: float):
    """The unfitted estimator `name` with its setting (in a pipeline that scales the inputs
    when the model needs it)."""
    baseline = BASELINES[name]
    model = baseline.make(regression, setting)
    if not baseline.scaled:
        return model
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), model)


def fit_baselines(data: Dataset, settings: Mapping[str, float] | None = None) -> list[BaselineFit]:
    """Every model of `BASELINES` (`fit_baseline`); `settings` gives a model's setting by name
    (its default otherwise)."""
    chosen = {**default_settings(), **(settings or {})}
    return [fit_baseline(data, name, chosen[name]) for name in BASELINES]


def fit_baseline(data: Dataset, name: str, setting: float) -> BaselineFit:
    """The model `name` with its `setting`, fitted on `data`'s training inputs (at most
    MAX_FIT_POINTS of them, a fixed random subset) and scored on its test inputs."""
    baseline, regression = BASELINES[name], data.problem == "regression"
    title = baseline.regression_title if regression else baseline.title
    problem = unfittable(data)
    if problem:
        return BaselineFit(name, title, np.nan, None, problem)
    inputs, labels = fitting_points(data)
    if name == "neighbours":  # no more neighbours than there are training points
        setting = min(int(setting), len(labels))
    model = make_model(name, regression, setting)
    model.fit(inputs, labels)
    score = model.score(data.inputs_test, data.y_test) if len(data.y_test) else np.nan
    grid_inputs = make_features(map_points(data.bounds), data.feature_names)
    return BaselineFit(name, title, float(score), _grid(model, grid_inputs, data))


def fitting_points(data: Dataset) -> tuple[np.ndarray, np.ndarray]:
    """The training inputs and labels the models learn from: all of them, or a fixed random
    MAX_FIT_POINTS of them (an RBF SVM's fit grows with the square of the points: 45,000 took
    minutes of a core)."""
    n = len(data.y_train)
    if n <= MAX_FIT_POINTS:
        return data.inputs_train, data.y_train
    keep = np.sort(np.random.default_rng(0).choice(n, MAX_FIT_POINTS, replace=False))
    return data.inputs_train[keep], data.y_train[keep]


def unfittable(data: Dataset) -> str:
    """Why no model can learn from `data`'s training points, or "" when they can."""
    if len(data.y_train) < 2:
        return "there are fewer than two training points"
    if data.problem != "regression" and len(np.unique(data.y_train)) < 2:
        return "the training points are all of one class"
    return ""


def map_points(bounds: tuple[float, float]) -> np.ndarray:
    """The (MAP_RESOLUTION², 2) points of the maps, row by row from the top (x2 high) down."""
    lo, hi = bounds
    axis = np.linspace(lo, hi, MAP_RESOLUTION)
    x1, x2 = np.meshgrid(axis, axis[::-1])
    return np.column_stack([x1.ravel(), x2.ravel()])


def _grid(model, inputs: np.ndarray, data: Dataset) -> np.ndarray:
    if data.problem == "regression" or data.n_classes > 2:
        values = model.predict(inputs)
    elif hasattr(model, "predict_proba"):
        values = model.predict_proba(inputs)[:, 1]
    else:  # the SVM: its signed distance from the boundary, squashed into (0, 1) for shading
        values = 1.0 / (1.0 + np.exp(-2.0 * model.decision_function(inputs)))
    return np.asarray(values, dtype=np.float64).reshape(MAP_RESOLUTION, MAP_RESOLUTION)
