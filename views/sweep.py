"""The sweep page: a grid of configurations trained in parallel, compared in a heatmap."""

from __future__ import annotations

from playground.ui.style import apply_style
from playground.ui.sweep_page import main

apply_style()
main()
