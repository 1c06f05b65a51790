"""The playground's first page load does no work it can leave for later.

A new server's first visitor waited for the sidebar while the moons thumbnail imported
scikit-learn (1–2 s) just to draw two half circles; now that picture is computed with NumPy and
the page's first run imports no scikit-learn at all.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np

from playground.data import generate
from playground.viz.thumbnails import dataset_thumbnail, noise_free_moons, points_thumbnail

ROOT = Path(__file__).resolve().parents[2]


def test_the_moons_thumbnail_is_the_dataset_drawn_without_scikit_learn():
    for n_points in (300, 301):
        points, labels = generate("moons", n_points, 0.0, np.random.default_rng(0))
        own_points, own_labels = noise_free_moons(n_points)
        np.testing.assert_allclose(own_points, points, atol=1e-12)
        np.testing.assert_array_equal(own_labels, labels)
    expected = points_thumbnail(
        *generate("moons", 300, 0.0, np.random.default_rng(0)), "classification", 2
    )
    np.testing.assert_array_equal(dataset_thumbnail("moons"), expected)


def test_the_playground_page_first_run_imports_no_scikit_learn():
    script = (
        "import sys\n"
        "from streamlit.testing.v1 import AppTest\n"
        f"at = AppTest.from_file({str(ROOT / 'app.py')!r}, default_timeout=60)\n"
        "at.run()\n"
        "assert not at.exception, at.exception\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] == 'sklearn')[:5])\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "[]"
