"""The simpler models (analysis/baselines.py): fitted on exactly the network's split and
features, scored as scikit-learn scores them, mapped over the view."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from playground import PlaygroundConfig, Trainer
from playground.analysis.baselines import (
    BASELINES,
    MAP_RESOLUTION,
    MAX_FIT_POINTS,
    fit_baselines,
    fitting_points,
    map_points,
)
from playground.viz.baseline_maps import baseline_picture


def scores(data, settings=None) -> dict[str, float]:
    return {fit.name: fit.score for fit in fit_baselines(data, settings)}


def test_each_score_is_scikit_learns_own_on_the_networks_test_points() -> None:
    data = Trainer(PlaygroundConfig(dataset="circle", noise=0.2, seed=4)).data
    expected = {
        "linear": make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=2000)),
        "svm": make_pipeline(StandardScaler(), SVC(C=1.0)),
        "forest": RandomForestClassifier(n_estimators=100, random_state=0),
    }
    found = scores(data)
    for name, model in expected.items():
        model.fit(data.inputs_train, data.y_train)
        assert found[name] == model.score(data.inputs_test, data.y_test), name


def test_regression_scores_are_r2_and_a_setting_changes_its_model() -> None:
    data = Trainer(PlaygroundConfig(dataset="multi_gauss", seed=5)).data
    model = make_pipeline(StandardScaler(), KNeighborsRegressor(n_neighbors=25))
    model.fit(data.inputs_train, data.y_train)
    found = scores(data, {"neighbours": 25})
    assert found["neighbours"] == model.score(data.inputs_test, data.y_test)
    assert found["neighbours"] != scores(data)["neighbours"]


def test_what_the_lessons_say_a_linear_model_fails_on_xor_unless_given_x1x2() -> None:
    plain = Trainer(PlaygroundConfig(dataset="xor", seed=1)).data
    product = Trainer(PlaygroundConfig(dataset="xor", seed=1, features=("x1", "x2", "x1x2"))).data
    assert scores(plain)["linear"] < 0.75
    assert scores(product)["linear"] > 0.95
    assert scores(plain)["svm"] > 0.95  # an RBF kernel bends the boundary itself


@pytest.mark.parametrize("dataset", ["circle", "blobs", "plane"])
def test_maps_cover_the_view_and_pictures_are_drawn(dataset: str) -> None:
    data = Trainer(PlaygroundConfig(dataset=dataset, seed=2)).data
    fits = fit_baselines(data)
    assert [fit.name for fit in fits] == list(BASELINES)
    points = map_points(data.bounds)
    assert points[0].tolist() == [-6.0, 6.0] and points[-1].tolist() == [6.0, -6.0]
    for fit in fits:
        assert fit.grid.shape == (MAP_RESOLUTION, MAP_RESOLUTION) and np.isfinite(fit.grid).all()
        picture = baseline_picture(fit, data, size=96)
        assert picture.shape == (96, 96, 3) and picture.dtype == np.uint8
    circle_forest = fits[-1].grid if dataset == "circle" else None
    if circle_forest is not None:  # class 1 inside: the centre is blue, the corners orange
        middle = MAP_RESOLUTION // 2
        assert circle_forest[middle, middle] > 0.5 > circle_forest[0, 0]


def test_without_test_points_the_score_is_missing_not_an_error() -> None:
    data = Trainer(PlaygroundConfig(dataset="circle", train_ratio=0.9, n_samples=20)).data
    empty = type(data)(**{**data.__dict__, "x_test": data.x_test[:0], "y_test": data.y_test[:0],
                          "inputs_test": data.inputs_test[:0]})  # fmt: skip
    assert all(np.isnan(fit.score) for fit in fit_baselines(empty))


def test_training_points_of_one_class_or_too_few_are_said_not_raised() -> None:
    one_class = Trainer(PlaygroundConfig(dataset="circle", n_samples=20, train_ratio=0.1)).data
    assert len(set(one_class.y_train.tolist())) == 1
    fits = fit_baselines(one_class)
    assert all(np.isnan(fit.score) and fit.grid is None for fit in fits)
    assert {fit.problem for fit in fits} == {"the training points are all of one class"}
    assert baseline_picture(fits[0], one_class, size=32).shape == (32, 32, 3)


def test_more_neighbours_than_training_points_uses_them_all() -> None:
    data = Trainer(PlaygroundConfig(dataset="xor", n_samples=40, train_ratio=0.2, seed=3)).data
    assert len(data.y_train) < 50 and len(set(data.y_train.tolist())) == 2
    fit = next(fit for fit in fit_baselines(data, {"neighbours": 50}) if fit.name == "neighbours")
    assert np.isfinite(fit.score) and not fit.problem


def test_a_large_training_set_is_fitted_on_a_fixed_subset_of_max_fit_points() -> None:
    data = Trainer(PlaygroundConfig(dataset="circle", n_samples=5000, train_ratio=0.9)).data
    inputs, labels = fitting_points(data)
    assert len(labels) == MAX_FIT_POINTS < len(data.y_train)
    again, _ = fitting_points(data)
    np.testing.assert_array_equal(inputs, again)  # the same subset every time
    small = Trainer(PlaygroundConfig(dataset="circle")).data
    assert fitting_points(small)[0] is small.inputs_train
