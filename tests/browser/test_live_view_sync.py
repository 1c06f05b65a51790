"""The compare page's two views show frame N together, although their messages arrive apart.

Each side is its own component message, and the browser handles A's before B's (a median 33 ms
later, up to a few hundred under load). The playback queue (static/live_view/playback.js) holds a
due frame of a `sync` name until every active view of that name has it, so A never runs ahead of
B; a partner that stops receiving frames holds nobody for long. Tested on the module itself in
Chromium, with the time passed in, so no timing of this machine enters.
"""

from __future__ import annotations

from standalone_view import StandaloneView

PLAYBACKS = """async () => {
  const { Playback } = await import("/static/live_view/playback.js");
  const frame = (n, sync = "pair") => ({ frame: n, sync });
  const [a, b] = [new Playback(), new Playback()];
  const t = performance.now();
  const log = {};
  a.add([frame(1)], 20); b.add([frame(1)], 20);              // both start in step
  log.firstA = a.takeDue(t + 1e3)?.frame; log.firstB = b.takeDue(t + 1e3)?.frame;
  a.add([frame(2), frame(3)], 20);                           // A's message of frames 2 and 3
  const now = performance.now();
  log.aBeforeB = a.takeDue(now + 30)?.frame ?? null;         // B has neither: A holds frame 2
  b.add([frame(2), frame(3)], 20);                           // B's message arrives
  log.aAfterB = a.takeDue(now + 30)?.frame ?? null;
  log.bAfterB = b.takeDue(now + 30)?.frame ?? null;
  a.add([frame(4)], 20);                                     // B never sends frame 4
  log.aHeld = a.takeDue(performance.now() + 100)?.frame ?? null;
  log.aAfterWait = a.takeDue(performance.now() + 1000)?.frame ?? null;
  const solo = new Playback();
  solo.add([frame(1, null)], 20);
  log.unsynced = solo.takeDue(performance.now() + 1)?.frame ?? null;
  return log;
}"""


def test_a_view_holds_frame_n_until_its_partner_has_it(page):
    StandaloneView(page, mount=False)
    log = page.evaluate(PLAYBACKS)
    assert (log["firstA"], log["firstB"]) == (1, 1)
    assert log["aBeforeB"] is None  # A does not run ahead of B
    assert log["aAfterB"] == 3 and log["bAfterB"] == 3  # then both show the newest due frame
    assert log["aHeld"] is None and log["aAfterWait"] == 4  # a silent partner holds briefly
    assert log["unsynced"] == 1
