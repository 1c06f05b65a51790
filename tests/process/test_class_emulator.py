"""The class benchmark's emulated student (playground_harness/student.py) against a real server.

One `streamlit run app.py` on 127.0.0.1 and one student speaking Streamlit's websocket protocol:
it opens the page, presses Play, keeps the live view going for about 3 s in whichever mode the
server asks for (timer or flow), and presses Pause. The benchmark's figures are only as good as
this emulation, so the test checks what it rests on — the Play click is recognised (the button
turns into Pause), frames arrive with increasing epochs while playing, and the Pause click takes
effect — without any timing threshold.
"""

from __future__ import annotations

import asyncio

from playground_harness import StreamlitServer
from playground_harness.student import PAUSE, PLAY, Click, Student

PLAY_SECONDS = 3.0


async def _play_then_pause(url: str) -> tuple[Student, Click, Click]:
    student = Student(url)
    await student.open()
    try:
        played = await student.press(PLAY)
        await asyncio.sleep(PLAY_SECONDS)
        paused = await student.press(PAUSE)
        await asyncio.sleep(0.5)
    finally:
        await student.close()
    return student, played, paused


def test_an_emulated_student_plays_the_live_view_and_pauses_it():
    with StreamlitServer("app.py") as server:
        student, played, paused = asyncio.run(_play_then_pause(server.url))
    record = student.record
    assert played.effect is not None, "the Play click never turned the button to Pause"
    assert record.mode in ("timer", "flow"), "the live view was never driven"
    playing = [f for f in record.frames if f.status == "playing"]
    epochs = [f.epoch for f in playing]
    assert len(playing) > 1, "no live-view frames arrived while playing"
    assert epochs == sorted(epochs) and epochs[-1] > epochs[0], "the epochs did not increase"
    assert paused.effect is not None, "the Pause click never turned the button to Play"
    assert record.frames[-1].status == "paused", "frames kept coming as playing after Pause"
    assert not record.errors, f"errors: {dict(record.errors)}"
