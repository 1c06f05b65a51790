"""The sweep page: train a grid of configurations in parallel and compare their final numbers.

The page has three parts. A base configuration (the sidebar form, filled from the URL's query
parameters, else from this session's playground, else the defaults; a button loads the lesson 9
question). The sweep itself: one or two config fields with a list of values each and the epochs
every cell trains (`widgets.sweep_form`). And the results (`widgets.sweep_results`): a heatmap of
the final test loss or accuracy, the loss curves of chosen cells, and a button that opens a chosen
cell in the playground.

The sweep form, Run, progress and results are `widgets.sweep_panel`, which lesson 9 draws too
under keys of its own. A sweep runs in a background thread of this session
(`experiments.sweep_job`, whose cells run in worker processes on every core). The thread, its
cancel event and the partial results live in `st.session_state` in a `SweepJob` at `sweep:job`;
while it runs, a fragment refreshes twice a second so the progress bar and the heatmap fill in,
and it stops refreshing when the sweep is done. Before it runs, `check_sweep` holds the grid to
this server's limits. Widget values are copied aside so that they survive a visit to another page
(Streamlit forgets the values of widgets a page does not draw).
"""

from __future__ import annotations

import streamlit as st

from playground.ui.widgets import sweep_form as form
from playground.ui.widgets.sweep_keys import SWEEP_PAGE
from playground.ui.widgets.sweep_panel import restore_widgets, sweep_panel
from playground.ui.workarounds.errors import guarded


# --- the page ---------------------------------------------------------------------------------
@guarded()
def main() -> None:
    restore_widgets(SWEEP_PAGE)
    source = form.source_config()
    with st.sidebar:
        base = form.base_form(source)
    st.title("Hyperparameter sweep")
    st.caption(
        "Train the same network many times, changing one or two settings, and compare where each "
        "combination ends up. Every cell starts from the same seed, so the only difference "
        "between two cells is the setting you swept. The cells train in parallel on every core."
    )
    sweep_panel(base, SWEEP_PAGE, form_base=source)
