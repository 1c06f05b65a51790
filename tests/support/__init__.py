"""Helpers shared by more than one test layer (unit and app); pytest puts tests/ on sys.path.

`pyproject.toml`'s `[tool.pytest.ini_options] pythonpath = ["tests"]` makes this package
importable as `support` from tests/unit, tests/app and tests/browser alike. Helpers used by one
layer only stay in that layer's folder (tests/app/apptest_helpers.py).
"""
