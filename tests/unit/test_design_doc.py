"""docs/design.md is the page the code cites: every citation names a file and section that exist.

A citation reads `docs/design.md` optionally followed by `, "<section>"` (a `##` heading's
opening words). The design notes once lived outside the repository; a bare `DESIGN.md` citation
in the tests, the benchmarks or the harness would point there again.
"""

from __future__ import annotations

import re
from pathlib import Path

from playground_harness import CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[2]
DESIGN = ROOT / "docs" / "design.md"
CITING = [ROOT / "tests", ROOT / "benchmarks", ROOT / "playground_harness", ROOT / "playground"]
CITATION = re.compile(r'docs/design\.md(?:, "([^"]+)")?')


def sources() -> list[Path]:
    return sorted(path for folder in CITING for path in folder.rglob("*.py"))


def test_the_cited_sections_exist() -> None:
    headings = re.findall(r"^## (.+)$", DESIGN.read_text(encoding="utf-8"), flags=re.M)
    cited = 0
    for path in sources():
        for section in CITATION.findall(path.read_text(encoding="utf-8")):
            cited += 1
            if section:
                assert any(h.startswith(section) for h in headings), f"{path}: {section!r}"
    assert cited >= 5  # the architecture test, three benchmarks, the harness


def test_no_citation_of_a_design_file_outside_the_repository() -> None:
    for path in sources():
        if path == Path(__file__).resolve():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not re.search(r"(?<!docs/)\bDESIGN\.md", line), f"{path}:{number}: {line}"


def test_the_yardstick_and_the_blank_frame_are_written_down() -> None:
    text = DESIGN.read_text(encoding="utf-8")
    assert "10 µs yardstick" in text
    assert "**Blank frame**" in text and "30 % white" in text
    assert " ".join(CHROMIUM_ARGS) in " ".join(text.split())  # the flags the harness passes
