"""Class mode in real browsers: a teacher and a student, each in their own Chromium.

The teacher starts a class; the student joins with the code, trains, and submits; the teacher's
board, which refreshes by itself, shows the entry within a few seconds, and so does the
projector's board (which has no teacher link in its address). Then the teacher takes the
student's name off the board: the board empties and the student's own page says so by itself.
Screenshots go to the output folder.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect, sync_playwright
from test_playground import APP

from playground_harness import launch_chromium

BOARD_WAIT_MS = 15_000  # the board refreshes every 3 s; the student's submission trains first


def take_off_the_board(board, name: str) -> None:
    """On the teacher's page: choose `name` in the students panel, take it off, answer "Yes"."""
    board.get_by_text("Students and seats").click()
    expect(board.get_by_text(re.compile(r"1 of \d+ seats taken"))).to_be_visible()
    board.get_by_role("combobox", name="Take a name off the board").click()
    # Typed and chosen with Enter: the open list's options are re-rendered now and then (the
    # board's refresh), and a click on one could land as it is replaced.
    board.keyboard.type(name)
    board.keyboard.press("Enter")
    expect(board.get_by_role("button", name="Take off the board")).to_be_enabled()
    board.get_by_role("button", name="Take off the board").click()
    board.get_by_role("button", name="Yes, take it off").click()


def test_a_students_entry_reaches_the_teachers_board(
    streamlit_app, tmp_path, monkeypatch, output_dir
) -> None:
    monkeypatch.setenv("PLAYGROUND_DATA_DIR", str(tmp_path / "data"))  # the server's store
    base = streamlit_app(APP)
    with sync_playwright() as playwright:
        teacher = launch_chromium(playwright, tmp_path / "teacher", width=1280, height=900)
        student = launch_chromium(playwright, tmp_path / "student", width=1280, height=900)
        try:
            board = teacher.new_page()
            board.goto(f"{base}/classroom?class=new")
            board.get_by_role("textbox", name="Challenge").fill("Reach 95 % on the circle")
            board.get_by_role("button", name="Save the challenge").click()
            code = board.locator(".class-code").inner_text(timeout=30_000).strip()
            assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code), code
            assert "teacher=" in board.url  # the teacher's page: not the one to project
            present = board.get_by_role("link", name="Present the board").get_attribute("href")
            assert "view=board" in present and "teacher" not in present
            expect(board.get_by_text("No entries yet")).to_be_visible()

            page = student.new_page()
            page.goto(f"{base}/classroom?class={code}")
            page.get_by_role("textbox", name="Your name on the board").fill("Ada")
            page.get_by_role("button", name="Join the class").click()
            page.get_by_role("button", name="Play").wait_for(timeout=30_000)
            page.get_by_role("button", name="Submit this setup").click()
            expect(page.get_by_text(re.compile(r"Scored \d"))).to_be_visible(timeout=30_000)
            expect(page.get_by_text("Your best: #1 of 1")).to_be_visible(timeout=BOARD_WAIT_MS)
            page.screenshot(path=output_dir / "class-student.png", full_page=True)

            expect(board.get_by_text(re.compile(r"^1\. Ada"))).to_be_visible(timeout=BOARD_WAIT_MS)
            board.screenshot(path=output_dir / "class-teacher.png", full_page=True)
            projector = teacher.new_page()  # the projector's board: large type, the entry there
            projector.goto(present)
            expect(projector.locator(".class-board")).to_contain_text("Ada", timeout=BOARD_WAIT_MS)
            assert "teacher" not in projector.url
            projector.screenshot(path=output_dir / "class-projector.png", full_page=True)

            # The teacher's page was opened before Ada joined: its board brought her name in.
            take_off_the_board(board, "Ada")
            expect(board.get_by_text("No entries yet")).to_be_visible(timeout=BOARD_WAIT_MS)
            expect(page.get_by_text("took your name off the board")).to_be_visible(
                timeout=BOARD_WAIT_MS  # the student's board watches for it and reruns the page
            )
            expect(page.get_by_role("button", name="Join the class")).to_be_visible()
            board.screenshot(path=output_dir / "class-moderation.png", full_page=True)
            expect(projector.get_by_text("No entries yet")).to_be_visible(timeout=BOARD_WAIT_MS)
            for view in (board, page, projector):
                assert view.get_by_test_id("stException").count() == 0
        finally:
            student.close()
            teacher.close()
