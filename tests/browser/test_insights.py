"""The 'look inside' views in a real browser: each opens while training runs and draws a figure."""

from __future__ import annotations

from test_playground import APP, LOAD_MS, no_exception, number, open_page, wait_for_epoch

from playground.ui.widgets.insights import TABS


def test_each_view_draws_while_training(streamlit_app, page, output_dir):
    open_page(page, streamlit_app(APP) + "/?hidden_layers=6,6,6&activation=sigmoid")
    page.get_by_role("button", name="Play").click()
    wait_for_epoch(page, 10)
    for name, title in TABS.items():
        if name == "guide":
            continue
        page.get_by_role("tab", name=title).click()
        panel = page.get_by_role("tabpanel", name=title)
        drawn = "stImage" if name == "baselines" else "stPlotlyChart"  # maps are pictures
        panel.get_by_test_id(drawn).first.wait_for(timeout=LOAD_MS)
        no_exception(page)
        if name == "gradients":
            page.screenshot(path=output_dir / "insight-gradients.png", full_page=True)
    before = int(number(page, "epoch-counter"))
    wait_for_epoch(page, before + 10)  # the live view keeps training with a view open
