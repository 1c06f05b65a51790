"""The digits page: a network learns 8 × 8 handwritten digits, live, with a look inside."""

from __future__ import annotations

from playground.ui.pages.digits import main
from playground.ui.workarounds.style import apply_style

apply_style()
main()
