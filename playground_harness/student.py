"""One emulated student: a browser session of the playground that plays, watches and clicks.

A `Student` opens the page over Streamlit's websocket (`st_client.Connection`), runs it, finds the
Play button by its label and clicks it, then keeps the live view going as the browser's frontend
does, in whichever mode the server asks for:
- **timer**: an `auto_rerun` ForwardMsg names the live fragment and its interval; the frontend's
  `setInterval` then sends `rerun_script(fragment_id, is_auto_rerun=True, every widget state)`
  on that timer whether or not the previous run finished; a full run's `new_session` clears
  every timer (the run re-announces the ones it still has); `stop_auto_rerun` clears some.
- **flow**: the live view's frames carry `flow` > 0 and no timer comes; the renderer
  (static/live_view/flow.js, mirrored by `FlowControl`) sends the component's trigger "more"
  (a fragment rerun of the view's fragment) once at most max(flow, 1.5 × the usual ask-to-batch
  time) seconds of received frames are left to play, and again if nothing came after the
  watchdog's wait (FLOW_CONTROL: at least 3 s, 5 × flow, 3 × the usual ask-to-batch time).
  Frames play `spacing` apart, queued as static/live_view/playback.js does.
Every live-view message is decoded (`frame_wire.decode_frames`) into `Seen` records; clicks
record when they were sent and when their effect arrived: the button's new label, or for
`click_until` the first element a given test accepts (the class page's "Scored" message). A
student may open another page than the playground (`path`, e.g. "classroom", whose live view
has another key), and `watchers` see every element as it arrives (the class board's table).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.exceptions import ConnectionClosed

from playground.live.frame_schema import FLOW_CONTROL
from playground.live.frame_wire import BATCH_MAGIC, decode_frames
from playground_harness.st_client import Connection, click, component_trigger

VIEW_KEY = "main:view"  # the playground's live view (playground/ui/pages/playground.py)
PLAY, PAUSE = "Play", "Pause"  # the Play button's two labels (ui/widgets/play_controls.py)
FLOW = FLOW_CONTROL  # flow.js's numbers, from the one table both read
MORE_EVENT = FLOW["event"]  # the trigger that asks for the next batch
EFFECT_TIMEOUT = 30.0  # seconds a click may take to show before it counts as an error
PAGE_ERROR = "Something went wrong on this page"  # a failed section (ui/workarounds/errors.py)


@dataclass(frozen=True)
class Seen:
    """One live-view frame as it arrived."""

    at: float  # time.monotonic() of its message
    epoch: int
    status: str


@dataclass(frozen=True)
class Click:
    label: str  # the button's label when it was clicked
    sent: float
    effect: float | None  # when the button's new label arrived; None: never (an error)
    shown: Any = None  # the element that showed the effect (its proto)


@dataclass
class Record:
    """What one student saw: frames, clicks, errors, and the bytes it received."""

    frames: list[Seen] = field(default_factory=list)
    clicks: list[Click] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    mode: str = ""  # "timer" or "flow", from what the server sent
    asks: int = 0  # "more" triggers sent (flow) or timer reruns sent (timer)
    cut_by_click: int = 0  # runs "finished early for rerun" while a click waited for its effect
    # Runs "finished early for rerun" after their frames had all arrived: the next ask ("more")
    # reached the server in the moments between the run's last element and its end; or before
    # they drew anything, when another ask was sent after the run before ended (after a long
    # full run, the queued ask's run is cut by the one the full run's frames prompted, whose run
    # follows at once).
    # Nothing was lost; counted apart from the errors.
    overlapped: int = 0
    # The same for another fragment's run (the class board's): it had drawn its elements when
    # a rerun request arrived (fragment reruns do not preempt a run; Streamlit reports a run
    # with a request waiting at its end as "finished early"). Nothing was lost.
    overlapped_other: int = 0


def batch_spacing(message: bytes) -> float:
    """Seconds between a batch's frames (frame_wire.encode_batch: uint32 µs at bytes 8-12)."""
    return int.from_bytes(message[8:12], "little") / 1e6 if message[:4] == BATCH_MAGIC else 0.0


class Playback:
    """When the received frames will have been played (static/live_view/playback.js's queue)."""

    def __init__(self) -> None:
        self.last_due = 0.0

    def add(self, frames: list[dict], spacing: float, now: float) -> None:
        start = max(now, self.last_due + spacing) if self.last_due > now else now
        replace = len(frames) == 1 or bool(frames[0].get("replace"))
        if replace or start - now > (len(frames) + 1) * spacing:
            start = now
        self.last_due = start + (len(frames) - 1) * spacing

    def remaining(self, now: float) -> float:
        return max(0.0, self.last_due - now)


class FlowControl:
    """flow.js's `FlowControl`: when to send "more"; `ask` is called to send it."""

    def __init__(self, ask) -> None:
        self.ask = ask
        self.latest: dict | None = None
        self.asked = False
        self.asked_at = 0.0
        self.latency = 0.0
        self.timer: asyncio.TimerHandle | None = None

    def received(self, frame: dict, now: float) -> None:
        if self.asked:
            self.latency += FLOW["latency_weight"] * (now - self.asked_at - self.latency)
        self.latest, self.asked = frame, False

    def check(self, playback: Playback, now: float) -> None:
        """Ask now if few frames are left, else look again when they will be (the renderer
        looks at every animation frame while frames wait, and once the queue is empty)."""
        self.stop()
        flow = float((self.latest or {}).get("flow") or 0.0)
        if flow <= 0 or self.latest.get("status") != "playing":
            return
        loop = asyncio.get_running_loop()
        wait = max(
            FLOW["watchdog_min_s"],
            FLOW["watchdog_factor"] * flow,
            FLOW["watchdog_latency"] * self.latency,
        )
        if self.asked and now - self.asked_at < wait:
            self.timer = loop.call_later(self.asked_at + wait - now, self._again, playback)
            return
        ahead = max(flow, FLOW["latency_margin"] * self.latency)
        if playback.remaining(now) > ahead:
            self.timer = loop.call_later(playback.remaining(now) - ahead, self._again, playback)
            return
        self.asked, self.asked_at = True, now
        self.ask()
        self.timer = loop.call_later(wait, self._again, playback)

    def _again(self, playback: Playback) -> None:
        self.check(playback, time.monotonic())

    def stop(self) -> None:
        if self.timer is not None:
            self.timer.cancel()


Until = Callable[[str, Any], bool]  # (element type, its proto): is this the click's effect?
Watcher = Callable[[ForwardMsg, str, Any], None]  # (message, element type, proto) as they arrive


def button_labelled(label: str) -> Until:
    return lambda kind, e: kind == "button" and e.label == label


class Student:
    """One emulated browser session of a page (`path`; "": the playground) with the query
    `setup`; `view_key` is the key of the page's live view."""

    def __init__(
        self, base_url: str, setup: str = "", path: str = "", view_key: str = VIEW_KEY
    ) -> None:
        self.base_url, self.setup, self.path, self.view_key = base_url, setup, path, view_key
        self.record = Record()
        self.connection: Connection | None = None
        self.timers: dict[str, tuple[float, asyncio.Task]] = {}
        self.playback = Playback()
        self.flow = FlowControl(self._send_more)
        self.view_fragment = ""
        self.frames_this_run = False  # the live view sent frames in the run now going
        self.drew_this_run = False  # the run now going drew an element
        self.asked_this_run = False  # a "more" was sent since the previous run ended
        self.tasks: set[asyncio.Task] = set()
        self.awaiting: list[tuple[Until, asyncio.Future]] = []  # clicks waiting for an effect
        self.watchers: list[Watcher] = []
        self.first_run = asyncio.Event()

    # -- life cycle -------------------------------------------------------------------------
    async def open(self) -> None:
        """Connect and run the page once, as a browser opening the link."""
        self.connection = await Connection.open(self.base_url, self.setup, self.path)
        self.receiver = asyncio.create_task(self._receive())
        await self.connection.rerun()
        await asyncio.wait_for(self.first_run.wait(), EFFECT_TIMEOUT)

    async def close(self) -> None:
        for _, task in self.timers.values():
            task.cancel()
        self.flow.stop()
        self.receiver.cancel()
        with contextlib.suppress(Exception):
            await self.connection.close()

    # -- clicks -----------------------------------------------------------------------------
    async def press(self, label: str) -> Click:
        """Click the button labelled `label` (Play or Pause); wait for its other label."""
        result = await self.click_until(label, button_labelled(PAUSE if label == PLAY else PLAY))
        self.record.clicks.append(result)
        return result

    async def click_until(self, label: str, until: Until, timeout: float = EFFECT_TIMEOUT) -> Click:
        """Click the button labelled `label` (with every widget state, text typed into the page
        among them); wait for the first element that `until` accepts."""
        widget_id = self.connection.page.button(label)
        if widget_id is None:
            self.record.errors[f"no {label} button"] += 1
            return Click(label, time.monotonic(), None)
        waiting = (until, asyncio.get_running_loop().create_future())
        self.awaiting.append(waiting)
        sent = await self._send(extra=[click(widget_id)])
        try:
            effect, shown = await asyncio.wait_for(waiting[1], timeout)
        except TimeoutError:
            self.record.errors["click without effect"] += 1
            effect, shown = None, None
        finally:
            if waiting in self.awaiting:
                self.awaiting.remove(waiting)
        return Click(label, sent, effect, shown)

    # -- sending ----------------------------------------------------------------------------
    async def _send(self, **rerun) -> float:
        try:
            return await self.connection.rerun(**rerun)
        except ConnectionClosed:
            self.record.errors["connection dropped"] += 1
            return time.monotonic()

    def _spawn(self, coroutine) -> None:
        task = asyncio.create_task(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    def _send_more(self) -> None:
        """flow.js asks: the view's trigger "more", flushed as a rerun of the view's fragment."""
        self.record.asks += 1
        self.asked_this_run = True
        component = self.connection.page.component(self.view_key)
        value = {"id": f"{id(self):x}-{self.record.asks}"}
        trigger = component_trigger(component, MORE_EVENT, value)
        self._spawn(self._send(extra=[trigger], fragment_id=self.view_fragment))

    async def _timer(self, fragment_id: str, interval: float) -> None:
        """The frontend's setInterval for an auto_rerun fragment: fires regardless of runs."""
        start = time.monotonic()
        for tick in range(1, 10**9):
            await asyncio.sleep(max(0.0, start + tick * interval - time.monotonic()))
            self.record.asks += 1
            self._spawn(self._send(fragment_id=fragment_id, auto=True))

    # -- receiving --------------------------------------------------------------------------
    async def _receive(self) -> None:
        try:
            while True:
                self._handle(await self.connection.receive())
        except ConnectionClosed:
            self.record.errors["connection dropped"] += 1

    def _handle(self, msg: ForwardMsg) -> None:
        handler = HANDLERS.get(msg.WhichOneof("type"))
        if handler is not None:
            handler(self, msg)

    def _new_session(self, msg: ForwardMsg) -> None:
        self.frames_this_run = self.drew_this_run = False  # every run starts with new_session
        if not msg.metadata.run.fragment_ids:  # a full run: the frontend's cleanupAutoReruns
            self._stop_timers(list(self.timers))

    def _auto_rerun(self, msg: ForwardMsg) -> None:
        fragment_id, interval = msg.auto_rerun.fragment_id, msg.auto_rerun.interval
        if fragment_id in self.timers and self.timers[fragment_id][0] == interval:
            return
        self._stop_timers([fragment_id])
        timer = asyncio.create_task(self._timer(fragment_id, interval))
        self.timers[fragment_id] = (interval, timer)

    def _stop_auto_rerun(self, msg: ForwardMsg) -> None:
        self._stop_timers(list(msg.stop_auto_rerun.fragment_ids))

    def _stop_timers(self, fragment_ids: list[str]) -> None:
        for fragment_id in fragment_ids:
            if fragment_id in self.timers:
                self.timers.pop(fragment_id)[1].cancel()

    def _script_finished(self, msg: ForwardMsg) -> None:
        early = msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN
        asked, self.asked_this_run = self.asked_this_run, False
        if early and self.awaiting:
            self.record.cut_by_click += 1  # the click's own full run stopped it: as intended
        elif early and self.record.mode == "flow" and self._superseded(asked):
            self.record.overlapped += 1
        elif early and self.drew_this_run and self._other_fragment_running():
            self.record.overlapped_other += 1
        elif early:
            fragments = self.connection.page.fragment_ids
            run = "view" if self.view_fragment in fragments else "other" if fragments else "full"
            drew = "drew" if self.drew_this_run else "nothing drawn"
            self.record.errors[f"finished early for rerun ({run} run, {drew})"] += 1
        elif msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
            self.first_run.set()

    def _superseded(self, asked: bool) -> bool:
        """The view's run had sent its frames, or a later ask went out (since the run before)."""
        in_view = self.view_fragment in self.connection.page.fragment_ids
        return self.frames_this_run or (in_view and asked)

    def _other_fragment_running(self) -> bool:
        fragments = self.connection.page.fragment_ids
        return bool(fragments) and self.view_fragment not in fragments

    def _delta(self, msg: ForwardMsg) -> None:
        if msg.delta.WhichOneof("type") != "new_element":
            return
        self.drew_this_run = True
        element = msg.delta.new_element
        kind = element.WhichOneof("type")
        proto = getattr(element, kind)
        for watcher in self.watchers:
            watcher(msg, kind, proto)
        for waiting in [w for w in self.awaiting if w[0](kind, proto)]:
            self.awaiting.remove(waiting)
            if not waiting[1].done():
                waiting[1].set_result((time.monotonic(), proto))
        if kind == "exception":
            self.record.errors["exception"] += 1
        elif kind == "alert" and proto.body.startswith(PAGE_ERROR):
            self.record.errors["page error"] += 1
        elif kind == "bidi_component" and proto.id.endswith(f"-{self.view_key}"):
            self.view_fragment = msg.delta.fragment_id
            self.frames_this_run = True
            self._frames(element.bidi_component.bytes)

    def _frames(self, message: bytes) -> None:
        now = time.monotonic()
        frames = decode_frames(message)
        self.record.frames += [Seen(now, int(f["epoch"]), f["status"]) for f in frames]
        if frames[0].get("flow"):
            self.record.mode = "flow"
        elif self.view_fragment in self.timers:
            self.record.mode = "timer"
        self.playback.add(frames, batch_spacing(message), now)
        self.flow.received({**frames[0], **frames[-1]}, now)
        self.flow.check(self.playback, now)


HANDLERS = {
    "new_session": Student._new_session,
    "auto_rerun": Student._auto_rerun,
    "stop_auto_rerun": Student._stop_auto_rerun,
    "script_finished": Student._script_finished,
    "delta": Student._delta,
}
