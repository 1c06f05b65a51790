"""Own data in, results out, in a real browser: uploads, every download, model round trip."""

from __future__ import annotations

import csv
import io
import zipfile

from playwright.sync_api import expect
from support.datasets import csv_points
from test_playground import (
    APP,
    LOAD_MS,
    no_exception,
    number,
    open_page,
    settled_epoch,
    wait_for_epoch,
)

DOWNLOADS = {
    "Model (JSON)": "model.json",
    "Weights (NPZ)": "model.npz",
    "PyTorch script": "playground_pytorch.py",
    "Keras script": "playground_keras.py",
    "Weights (named arrays)": "weights.npz",
    "Data points (CSV)": "points.csv",
    "Loss history (CSV)": "history.csv",
    "Everything (zip)": "playground_export.zip",
}
BAD_FILES = {
    "text.csv": (b"x1,x2,label\n1,2,0\n3,oops,1\n" + b"1,1,0\n" * 20, "Line 3"),
    "short.csv": (b"x1,x2,label\n1,2,0\n2,1,1\n", "rows"),
    "nan.csv": (b"x1,x2,label\n" + b"1,nan,1\n2,3,0\n" * 10, "Line 2"),
    "image.csv": (bytes(range(256)) * 8, "binary"),
    "latin1.csv": ("x1,x2,label\n1,2,é\n".encode("latin-1") + b"1,1,0\n" * 20, "UTF-8"),
    "columns.csv": (b"x1,x2\n1,2\n" * 20, "column"),
}


def uploader(page, text: str):
    return page.get_by_test_id("stFileUploader").filter(has_text=text).locator("input[type=file]")


def test_upload_good_and_bad_files(streamlit_app, page, tmp_path, output_dir):
    open_page(page, streamlit_app(APP))
    good = tmp_path / "mine.csv"
    good.write_text(csv_points())
    uploader(page, "Upload points").set_input_files(str(good))
    page.get_by_text("Loaded 80 points from mine.csv").wait_for(timeout=LOAD_MS)
    assert page.get_by_role("button", name="Yours").is_visible()
    page.get_by_role("button", name="Play").click()
    wait_for_epoch(page, 10)
    page.get_by_role("button", name="Pause").click()
    no_exception(page)
    page.screenshot(path=output_dir / "playground-own-data.png", full_page=True)
    for name, (content, words) in BAD_FILES.items():
        path = tmp_path / name
        path.write_bytes(content)
        uploader(page, "Upload points").set_input_files(str(path))
        error = page.get_by_test_id("stAlert").filter(has_text=f"{name} was not loaded")
        error.wait_for(timeout=LOAD_MS)
        assert words.lower() in error.inner_text().lower(), error.inner_text()
        assert "previous data is kept" in error.inner_text()
        no_exception(page)
    assert page.get_by_role("button", name="Yours").is_visible()


def test_every_download_and_the_model_round_trip(streamlit_app, page, tmp_path):
    open_page(page, streamlit_app(APP) + "/?dataset=xor&hidden_layers=5")
    page.get_by_role("button", name="Play").click()
    wait_for_epoch(page, 20)
    page.get_by_role("button", name="Pause").click()
    page.get_by_role("button", name="Play").wait_for(timeout=LOAD_MS)
    settled_epoch(page)  # the downloads and the loss shown must come from the same weights
    files = {}
    for label, file_name in DOWNLOADS.items():
        with page.expect_download(timeout=LOAD_MS) as download:
            page.get_by_role("button", name=label, exact=True).click()
        assert download.value.suggested_filename == file_name
        files[file_name] = download.value.path().read_bytes()
        assert files[file_name], label
    rows = list(csv.DictReader(io.StringIO(files["points.csv"].decode())))
    assert len(rows) == 500 and set(rows[0]) >= {"x1", "x2", "label", "split"}
    assert "import torch" in files["playground_pytorch.py"].decode()
    assert "model.npz" in zipfile.ZipFile(io.BytesIO(files["playground_export.zip"])).namelist()
    test_loss = page.get_by_test_id("test-loss")
    trained_loss = test_loss.text_content()
    assert number(page, "test-loss") > 0

    page.get_by_role("button", name="Reset").click()
    expect(test_loss).not_to_have_text(trained_loss, timeout=LOAD_MS)
    (tmp_path / "model.json").write_bytes(files["model.json"])
    (tmp_path / "model.npz").write_bytes(files["model.npz"])
    uploader(page, "Load a saved model").set_input_files(
        [str(tmp_path / "model.json"), str(tmp_path / "model.npz")]
    )
    page.get_by_text("Loaded the model").wait_for(timeout=LOAD_MS)
    # Same weights, same data: the same loss, to the digits shown.
    expect(test_loss).to_have_text(trained_loss, timeout=LOAD_MS)
    no_exception(page)
