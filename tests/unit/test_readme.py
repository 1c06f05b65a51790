"""The README's notebook example runs as written."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def test_notebook_example_runs(capsys) -> None:
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    assert blocks, "README has no python example"
    exec(compile(blocks[0], "README.md", "exec"), {})  # our own README, not user input
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("102 ")
    assert printed[1] == "(2, 8) (2, 8)"
    assert printed[2] == "False "
