"""The Class page: a challenge for the whole class, joined with a code, ranked on a live board."""

from __future__ import annotations

from playground.ui.pages.classroom import main
from playground.ui.workarounds.style import apply_style

apply_style()
main()
