"""Lessons and classroom links in a real browser: each lesson renders and its experiment runs.

Lessons 1–8 play a mini-playground; lesson 9 runs its sweep to a heatmap in the lesson page and
lesson 10 trains the digits there (tests below each).
"""

from __future__ import annotations

import re
import time

from test_playground import APP, LOAD_MS, no_exception, open_page, wait_for_epoch

from playground.experiments.presets import list_lessons


def lesson_url(url: str, number: int) -> str:
    lesson = next(lesson for lesson in list_lessons() if lesson.number == number)
    return f"{url}/lesson_{lesson.slug.replace('-', '_')}"


def open_lesson(page, url: str, number: int) -> None:
    """The app's root first (so a deep link is served by the navigation), then lesson `number`."""
    page.set_viewport_size({"width": 1280, "height": 1600})
    page.goto(url)
    page.get_by_role("button", name="Play").first.wait_for(timeout=LOAD_MS)
    page.goto(lesson_url(url, number))
    page.get_by_role("heading", name=re.compile(f"^Lesson {number}:")).wait_for(timeout=LOAD_MS)


def metric(page, label: str) -> float:
    box = page.get_by_test_id("stMetric").filter(has_text=label)
    text = box.get_by_test_id("stMetricValue").inner_text()
    return float(re.search(r"[\d.,]+", text).group().replace(",", ""))


def test_every_lesson_renders_and_its_mini_playground_plays(streamlit_app, page, output_dir):
    url = streamlit_app(APP)
    for lesson in list_lessons():
        page.goto(f"{url}/lesson_{lesson.slug.replace('-', '_')}")
        page.get_by_role("heading", name=f"Lesson {lesson.number}: {lesson.title}").wait_for(
            timeout=LOAD_MS
        )
        assert page.get_by_text("What you should see").first.is_visible()
        if lesson.number == 9:
            page.get_by_role("button", name="Run the sweep").wait_for(timeout=LOAD_MS)
            continue
        if lesson.number == 10:
            page.get_by_text("First-layer neurons").first.wait_for(timeout=LOAD_MS)
            continue
        page.get_by_test_id("output-heatmap").wait_for(state="visible", timeout=LOAD_MS)
        page.get_by_role("button", name="Play").click()
        wait_for_epoch(page, 5)
        no_exception(page)
        if lesson.number == 6:
            page.screenshot(path=output_dir / "lesson-06.png", full_page=True)


def test_a_classroom_link_hides_what_students_do_not_need(streamlit_app, page):
    open_page(page, streamlit_app(APP) + "/?hide=learning_rate,regularization&presenter=1")
    main = page.get_by_test_id("stMainBlockContainer")
    assert not main.get_by_text("Learning rate", exact=True).is_visible()
    assert main.get_by_text("Activation", exact=True).is_visible()
    page.get_by_role("button", name="Play").click()
    wait_for_epoch(page, 5)
    no_exception(page)


def test_lesson_9_runs_its_sweep_to_a_heatmap_in_the_lesson(streamlit_app, page, output_dir):
    open_lesson(page, streamlit_app(APP), 9)
    page.get_by_text("15 cells × 50 epochs").first.wait_for(timeout=LOAD_MS)
    page.get_by_role("button", name="Run the sweep").click()
    page.get_by_text("Done: 15 cells × 50 epochs").wait_for(timeout=LOAD_MS)
    heatmap = page.get_by_test_id("stPlotlyChart").first
    heatmap.locator(".hm").first.wait_for(timeout=LOAD_MS)  # Plotly's heatmap layer
    assert "Final test loss after 50 epochs" in heatmap.inner_text()
    assert page.get_by_test_id("stPlotlyChart").count() == 2  # and the best cell's curves
    page.wait_for_timeout(500)
    page.screenshot(path=output_dir / "lesson-09-done.png", full_page=True)
    no_exception(page)


def test_lesson_10_trains_the_digits_in_the_lesson(streamlit_app, page, output_dir):
    open_lesson(page, streamlit_app(APP), 10)
    page.get_by_text("Misclassified test images").wait_for(timeout=LOAD_MS)
    first = metric(page, "Test accuracy")
    page.get_by_role("button", name="Play").click()
    deadline = time.monotonic() + 30  # the lesson pauses by itself at epoch 20
    while metric(page, "Epoch") < 20 and time.monotonic() < deadline:
        page.wait_for_timeout(250)
    assert metric(page, "Epoch") == 20
    page.get_by_role("button", name="Play").wait_for(timeout=LOAD_MS)  # paused again
    assert metric(page, "Test accuracy") >= max(first + 30, 90)
    tiles = page.get_by_test_id("stHtml").filter(has_text="First-layer neurons").locator("img")
    assert tiles.count() == 16
    broken = tiles.evaluate_all("images => images.filter(i => !(i.complete && i.naturalWidth))")
    assert broken == []
    page.screenshot(path=output_dir / "lesson-10-trained.png", full_page=True)
    no_exception(page)
