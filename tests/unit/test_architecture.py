"""The import rules that keep the layers apart (docs/design.md, "Layers").

The main rule is one walk over the whole package: every module of `playground/` that is not under
`playground/ui/` (core, data, analysis, viz, live, experiments, export, the top-level modules and
any package added later) never imports Streamlit and never imports `playground.ui`. The other
tests narrow it for the layers that must stay lighter still (core: NumPy only).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "playground"
UI = PACKAGE / "ui"
STDLIB = set(sys.stdlib_module_names)


def module_name(path: Path) -> str:
    """`playground/live/pacing.py` -> `playground.live.pacing` (a package's `__init__` -> it)."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module `path` imports, anywhere in the file, as absolute dotted names.

    Relative imports are resolved against the file's package, and `from a import b` also yields
    `a.b` (b may be a module), so `from playground import ui` counts as importing playground.ui.
    """
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            names.add(module)
            names |= {f"{module}.{alias.name}" for alias in node.names}
    return names


def imported_modules(folder: Path) -> dict[str, set[str]]:
    """The modules imported by each .py file under `folder`, keyed by its path in the package."""
    return {
        str(path.relative_to(PACKAGE)): imports_of(path) for path in sorted(folder.rglob("*.py"))
    }


NOT_UI = sorted(path for path in PACKAGE.rglob("*.py") if UI not in path.parents)


def test_the_walk_sees_every_package_beside_ui() -> None:
    """The walk below is not vacuous: it reaches the top-level modules and every sibling of ui."""
    walked = {path.relative_to(PACKAGE).parts[0] for path in NOT_UI}
    siblings = {path.name for path in PACKAGE.iterdir() if (path / "__init__.py").exists()}
    assert siblings - {"ui"} <= walked
    assert {"core", "data", "analysis", "viz", "live", "experiments", "export"} <= walked
    assert {"config.py", "settings.py", "trainer.py", "model_io.py", "__init__.py"} <= walked


@pytest.mark.parametrize("path", NOT_UI, ids=lambda path: module_name(path))
def test_nothing_outside_ui_imports_streamlit_or_the_ui(path: Path) -> None:
    for name in imports_of(path):
        assert name.split(".")[0] != "streamlit", f"{module_name(path)} imports {name}"
        assert not (name == "playground.ui" or name.startswith("playground.ui.")), (
            f"{module_name(path)} imports {name}: only playground/ui may import playground.ui"
        )


def test_core_imports_nothing_but_numpy_and_itself() -> None:
    for path, names in imported_modules(PACKAGE / "core").items():
        for name in names:
            top = name.split(".")[0]
            allowed = top in STDLIB or top == "numpy" or name.startswith("playground.core")
            assert allowed, f"{path} imports {name}"


def test_data_and_config_never_import_the_ui_or_drawing_libraries() -> None:
    files = imported_modules(PACKAGE / "data")
    files["config.py"] = imports_of(PACKAGE / "config.py")
    for path, names in files.items():
        for name in names:
            assert name.split(".")[0] not in ("streamlit", "plotly"), f"{path} imports {name}"
            assert not name.startswith(("playground.ui", "playground.viz")), f"{path}: {name}"


def test_analysis_imports_neither_streamlit_nor_plotly() -> None:
    for path, names in imported_modules(PACKAGE / "analysis").items():
        for name in names:
            assert name.split(".")[0] not in ("streamlit", "plotly"), f"{path} imports {name}"
            assert not name.startswith(("playground.ui", "playground.viz")), f"{path}: {name}"


def test_viz_never_imports_streamlit() -> None:
    for path, names in imported_modules(PACKAGE / "viz").items():
        for name in names:
            assert name.split(".")[0] != "streamlit", f"{path} imports {name}"
            assert not name.startswith("playground.ui"), f"{path} imports {name}"


def test_every_fragment_runs_under_the_session_lock() -> None:
    """A fragment that trains or reads a trainer must never interleave with a full run of the
    same session (playground/ui/workarounds/session_lock.py): each one is `serialized`."""
    for path in (PACKAGE / "ui").rglob("*.py"):
        lines = path.read_text().splitlines()
        for number, line in enumerate(lines):
            text = line.strip()
            if text.startswith("@st.fragment"):
                assert lines[number + 1].strip() == "@serialized", f"{path.name}:{number + 1}"
            elif "st.fragment(" in text and not text.startswith("@"):
                assert "(serialized(" in text, f"{path.name}:{number + 1}"


def test_the_settings_table_imports_no_ui() -> None:
    for name in imports_of(PACKAGE / "settings.py"):
        assert name.split(".")[0] not in ("streamlit", "plotly"), name
        assert not name.startswith(("playground.ui", "playground.viz")), name


def test_tests_and_benchmarks_never_edit_sys_path() -> None:
    """Shared helpers are imported by name (playground_harness, tests/support on pytest's
    pythonpath), never by pushing a folder onto sys.path: a browser test that did so would
    depend on the benchmarks' folder layout."""
    folders = [ROOT / "tests", ROOT / "benchmarks", ROOT / "playground_harness"]
    for path in sorted(p for folder in folders for p in folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "path":
                is_sys = isinstance(node.value, ast.Name) and node.value.id == "sys"
                assert not is_sys, f"{path.relative_to(ROOT)}:{node.lineno} uses sys.path"


def test_no_test_module_is_over_400_lines() -> None:
    """A test module covers one concept; past 400 lines it is two (split it by what it proves)."""
    for path in sorted((ROOT / "tests").rglob("*.py")):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= 400, f"{path.relative_to(ROOT)} has {lines} lines"
