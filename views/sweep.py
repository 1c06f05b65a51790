"""The sweep page: a grid of configurations trained in parallel, compared in a heatmap."""

from __future__ import annotations

from playground.ui.pages.sweep import main
from playground.ui.workarounds.style import apply_style

apply_style()
main()
