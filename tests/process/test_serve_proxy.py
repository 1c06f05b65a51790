"""`playground serve --workers 2` through its HAProxy: health, and one session on one worker.

One class server (real HAProxy in front of two real Streamlit workers on 127.0.0.1) serves the
module. Plain HTTP shows that the affinity cookie pins every request to the worker it names
and that browsers without it are spread over both; a real Chromium session (websocket, a widget
change, Play, a CSV upload) is answered by one worker from the first byte to the upload.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect
from support.datasets import csv_points
from support.serve_helpers import (
    ServeRun,
    alive,
    chromium_context,
    get,
    health,
    requires_haproxy,
    server_stats,
    wait_until,
)

from playground.serve.proxy import AFFINITY_COOKIE, WORKER_HEADER

pytestmark = [requires_haproxy, pytest.mark.timeout(180)]
LOAD_MS = 60_000
REQUESTS = 8


@pytest.fixture(scope="module")
def class_server(tmp_path_factory) -> Iterator[ServeRun]:
    run = ServeRun(tmp_path_factory.mktemp("serve"), "--workers", "2")
    try:
        yield run.wait_ready()
    finally:
        run.cleanup()


def open_playground(page, url: str) -> None:
    """Load the page and wait for the live view's first frame (its epoch counter shows a number)."""
    page.goto(url)
    page.get_by_test_id("output-heatmap").wait_for(state="visible", timeout=LOAD_MS)
    page.get_by_role("button", name="Play").wait_for(timeout=LOAD_MS)
    expect(page.get_by_test_id("epoch-counter")).to_have_text(re.compile(r"^\d"), timeout=LOAD_MS)


def epoch(page) -> int:
    text = page.get_by_test_id("epoch-counter").first.text_content() or ""
    digits = re.sub(r"\D", "", text)
    return int(digits) if digits else -1


def test_two_workers_answer_health_through_the_proxy(class_server):
    assert set(class_server.workers) == {"w1", "w2"}
    pids = {pid for pid, _ in class_server.workers.values()}
    assert pids | {class_server.proxy_pid} <= class_server.children
    assert all(alive(pid) for pid in pids | {class_server.proxy_pid})
    answer = health(class_server.url)
    assert (answer.status, answer.body.strip()) == (200, b"ok")
    assert answer.worker in class_server.workers
    stats = server_stats(class_server.stats_socket)
    assert {name: row["status"].split()[0] for name, row in stats.items()} == {
        "w1": "UP",
        "w2": "UP",
    }


def test_workers_run_with_two_malloc_arenas(class_server):
    """So a class that left leaves its memory to the next (playground/serve/workers.py)."""
    for pid, _ in class_server.workers.values():
        with open(f"/proc/{pid}/environ", "rb") as environ:
            assert b"MALLOC_ARENA_MAX=2" in environ.read().split(b"\0")


def test_the_affinity_cookie_pins_every_request_to_its_worker(class_server):
    for name in class_server.workers:
        answers = [get(class_server.url + "/", worker_cookie=name) for _ in range(REQUESTS)]
        assert [a.worker for a in answers] == [name] * REQUESTS
        assert all(a.status == 200 for a in answers)
    fresh = [get(class_server.url + "/") for _ in range(REQUESTS)]
    assert {a.worker for a in fresh} == {"w1", "w2"}, "new browsers are spread over the workers"
    for answer in fresh:  # each newcomer is told which worker it now belongs to
        assert f"{AFFINITY_COOKIE}={answer.worker}" in answer.set_cookie


@pytest.mark.flaky(reruns=1)  # Streamlit may drop a widget change racing a rerun (issue #9188)
def test_a_browser_session_stays_on_one_worker_through_reruns_and_an_upload(class_server, tmp_path):
    points = tmp_path / "mine.csv"
    points.write_text(csv_points())
    answered: list[tuple[str, str, int, str | None]] = []
    with chromium_context(tmp_path / "profile") as context:
        page = context.new_page()
        page.on(
            "response",
            lambda r: answered.append(
                (r.request.method, r.url, r.status, r.headers.get(WORKER_HEADER.lower()))
            ),
        )
        open_playground(page, class_server.url + "/?dataset=xor")
        page.get_by_test_id("stSelectbox").filter(has_text="Learning rate").locator("input").click()
        page.get_by_role("option", name="0.1", exact=True).click()
        page.wait_for_url(re.compile(r"learning_rate=0\.1"), timeout=LOAD_MS)
        page.get_by_role("button", name="Play").click()
        expect(page.get_by_role("button", name="Pause")).to_be_visible(timeout=LOAD_MS)
        wait_until(lambda: epoch(page) >= 10, 60, "the epoch counter did not reach 10")
        page.get_by_role("button", name="Pause").click()
        uploader = page.get_by_test_id("stFileUploader").filter(has_text="Upload points")
        uploader.locator("input[type=file]").set_input_files(str(points))
        page.get_by_text("Loaded 80 points from mine.csv").wait_for(timeout=LOAD_MS)
        assert page.get_by_role("button", name="Yours").is_visible()
        assert "learning_rate=0.1" in page.url  # the session kept its state through it all
        assert page.get_by_test_id("stException").count() == 0
        assert "error" not in uploader.inner_text().lower()
    uploads = [entry for entry in answered if "/_stcore/upload_file/" in entry[1]]
    assert uploads and all(status < 300 for _, _, status, _ in uploads), uploads
    workers = {worker for *_, worker in answered if worker}
    assert len(workers) == 1, f"one session was answered by {sorted(workers)}"
