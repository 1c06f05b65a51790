"""Your own data in and results out, in a real browser: upload a CSV, download the points."""

from __future__ import annotations

import csv
import io

from test_playground import APP, LOAD_MS, no_exception, open_page, wait_for_epoch


def csv_text(rows: int = 80) -> str:
    lines = ["x1,x2,label"]
    for i in range(rows):
        x, y = (i % 9) - 4, (i * 7 % 11) - 5
        lines.append(f"{x},{y},{int(x * y >= 0)}")
    return "\n".join(lines)


def test_upload_train_and_download(streamlit_app, page, tmp_path, output_dir):
    open_page(page, streamlit_app(APP))
    good = tmp_path / "mine.csv"
    good.write_text(csv_text())
    uploader = page.get_by_test_id("stFileUploader").filter(has_text="Upload points")
    uploader.locator("input[type=file]").set_input_files(str(good))
    page.get_by_text("Loaded 80 points from mine.csv").wait_for(timeout=LOAD_MS)
    assert page.get_by_role("button", name="Yours").is_visible()
    no_exception(page)
    page.get_by_role("button", name="Play").click()
    wait_for_epoch(page, 10)
    page.get_by_role("button", name="Pause").click()

    bad = tmp_path / "broken.csv"
    bad.write_text("x1,x2,label\n1,2,0\n3,oops,1\n" + "1,1,0\n" * 20)
    uploader.locator("input[type=file]").set_input_files(str(bad))
    error = page.get_by_test_id("stAlert").filter(has_text="broken.csv was not loaded")
    error.wait_for(timeout=LOAD_MS)
    assert "Line 3" in error.inner_text()
    no_exception(page)

    with page.expect_download(timeout=LOAD_MS) as download:
        page.get_by_role("button", name="Data points (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text())))
    assert len(rows) == 80 and set(rows[0]) >= {"x1", "x2", "label", "split"}
    page.screenshot(path=output_dir / "playground-own-data.png", full_page=True)
