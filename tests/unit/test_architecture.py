"""The import rules that keep the layers apart (DESIGN.md section 1)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "playground"
STDLIB = set(sys.stdlib_module_names)


def imported_modules(folder: Path) -> dict[str, set[str]]:
    """Top-level module names imported by each .py file under `folder`."""
    found = {}
    for path in folder.rglob("*.py"):
        names = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module)
        found[str(path.relative_to(PACKAGE))] = names
    return found


def test_core_imports_nothing_but_numpy_and_itself() -> None:
    for path, names in imported_modules(PACKAGE / "core").items():
        for name in names:
            top = name.split(".")[0]
            allowed = top in STDLIB or top == "numpy" or name.startswith("playground.core")
            assert allowed, f"{path} imports {name}"


def test_data_and_config_never_import_the_ui_or_drawing_libraries() -> None:
    files = imported_modules(PACKAGE / "data")
    files.update({"config.py": imported_modules(PACKAGE)["config.py"]})
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
    for name in imported_modules(PACKAGE)["settings.py"]:
        assert name.split(".")[0] not in ("streamlit", "plotly"), name
        assert not name.startswith(("playground.ui", "playground.viz")), name
