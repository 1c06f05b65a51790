"""Lessons and classroom links in a real browser: each lesson renders and its playground plays."""

from __future__ import annotations

from test_playground import APP, LOAD_MS, no_exception, open_page, wait_for_epoch

from playground.experiments.presets import list_lessons


def test_every_lesson_renders_and_its_mini_playground_plays(streamlit_app, page, output_dir):
    url = streamlit_app(APP)
    for lesson in list_lessons():
        page.goto(f"{url}/lesson_{lesson.slug.replace('-', '_')}")
        page.get_by_role("heading", name=f"Lesson {lesson.number}: {lesson.title}").wait_for(
            timeout=LOAD_MS
        )
        assert page.get_by_text("What you should see").first.is_visible()
        if lesson.number in (9, 10):
            page.get_by_test_id("stPageLink").first.wait_for(timeout=LOAD_MS)
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
