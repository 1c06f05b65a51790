"""Display names that strangers type: cleaned, limited, made unique within a class.

A name is kept as plain text and the pages show it with `st.text`, never as Markdown or HTML, so
`<b>` or `**` in a name is harmless and stays as typed. What cleaning removes is what text cannot
show safely: control and format characters (newlines, tabs, NUL, bidirectional overrides,
zero-width joiners), runs of spaces (collapsed to one), space at both ends; then the name is cut to
`MAX_NAME_LENGTH` characters. `clean_display_name` returns the clean name or a plain error message;
`unique_display_name` adds " (2)", " (3)"... when someone in the class already has the name
(compared without case, so "Ann" and "ann" do not both appear on the board).
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Collection

MAX_NAME_LENGTH = 24
MAX_INPUT_LENGTH = 1000  # longer input is refused outright rather than cleaned


@dataclasses.dataclass(frozen=True)
class NameCheck:
    """The result of cleaning: `name` when it is usable, otherwise `error` (a sentence)."""

    name: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def clean_display_name(raw: object) -> NameCheck:
    """Clean a typed display name; `NameCheck.name`, or `NameCheck.error` saying what is wrong."""
    if not isinstance(raw, str):
        return NameCheck(error="Type a display name.")
    if len(raw) > MAX_INPUT_LENGTH:
        return NameCheck(error=f"That is far too long: use at most {MAX_NAME_LENGTH} characters.")
    text = unicodedata.normalize("NFC", raw)
    text = "".join(" " if symbol.isspace() else symbol for symbol in text)
    text = "".join(symbol for symbol in text if unicodedata.category(symbol)[0] != "C")
    text = " ".join(text.split())[:MAX_NAME_LENGTH].rstrip()
    if not text:
        return NameCheck(error="Type a display name (letters, digits or symbols; not only spaces).")
    return NameCheck(name=text)


def name_key(name: str) -> str:
    """What two names must differ in to count as different: case-folded."""
    return name.casefold()


def unique_display_name(name: str, taken: Collection[str]) -> str:
    """`name`, or `name (2)`, `name (3)`... — the first not in `taken` (keys from `name_key`).

    The base is shortened so that the name with its suffix still fits `MAX_NAME_LENGTH`.
    """
    if name_key(name) not in taken:
        return name
    number = 2
    while True:
        suffix = f" ({number})"
        candidate = name[: MAX_NAME_LENGTH - len(suffix)].rstrip() + suffix
        if name_key(candidate) not in taken:
            return candidate
        number += 1
