"""Streamlit 1.67's browser protocol, spoken from Python: one websocket session on /_stcore/stream.

What the frontend does, read from the installed package (the `BackMsg`/`ForwardMsg` protos,
`web/server/starlette/starlette_websocket.py` and the built frontend `static/static/js/index.*.js`):
it loads the page over HTTP (keeping its cookies, which a proxy's session affinity rides on),
opens the websocket with the subprotocol "streamlit" and the same cookies, and asks for every run
with a `rerun_script` BackMsg (a `ClientState`: the query string, the page's script hash (and
the URL's page path, which picks a deep-linked page such as /classroom on the first run), every
widget's current `WidgetState`, the fragment to rerun or "", `is_auto_rerun`, the hashes of the
big messages it has cached). The server answers with ForwardMsgs: `new_session` opens each run,
deltas carry its elements, `script_finished` closes it; a cached element comes back as a
`ref_hash` that this client resolves from its cache, aged per run as the frontend does. `Page`
keeps the widgets' states as the frontend holds them (each widget's default when it first
arrives, dropped when a full run no longer draws it); a click is a one-shot trigger state, and
typing into a text input sets its string state (in a form, the next rerun — the one carrying the
submit button's trigger — is when the frontend sends it).
"""

from __future__ import annotations

import asyncio
import http.cookiejar
import json
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from streamlit.components.v2.bidi_component.constants import EVENT_DELIM
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.runtime.state.session_state import STREAMLIT_INTERNAL_KEY_PREFIX
from websockets.asyncio.client import ClientConnection, connect

STREAM_PATH = "/_stcore/stream"
SUBPROTOCOL = "streamlit"
TRIGGER_EVENTS = "events"  # a v2 component's triggers travel as one "events" widget
EARLY = ForwardMsg.FINISHED_EARLY_FOR_RERUN  # a run cut off (its unsent output dropped)
CONTEXT = {"timezone": "UTC", "timezone_offset": 0, "locale": "en-US", "color_scheme": "light"}

# -- each widget's state as the frontend first reports it (its default, or a value the server set)


def _checkbox(e) -> WidgetState:
    return WidgetState(bool_value=e.value if e.set_value else e.default)


def _single_choice(e) -> WidgetState | None:  # selectbox, radio: the chosen option's text
    if e.set_value:
        return WidgetState(string_value=e.raw_value)
    return WidgetState(string_value=e.options[e.default]) if e.HasField("default") else None


def _multiselect(e) -> WidgetState:
    values = e.raw_values if e.set_value else [e.options[i] for i in e.default]
    return WidgetState(string_array_value={"data": list(values)})


def _button_group(e) -> WidgetState:
    values = e.raw_values if e.set_value else [e.options[i].content for i in e.default]
    return WidgetState(string_array_value={"data": list(values)})


def _slider(e) -> WidgetState:
    if e.type == e.SELECT_SLIDER:  # the chosen options' texts
        chosen = e.raw_value if e.set_value else [e.options[int(i)] for i in e.default]
        return WidgetState(string_array_value={"data": list(chosen)})
    return WidgetState(double_array_value={"data": list(e.value if e.set_value else e.default)})


def _number_input(e) -> WidgetState | None:
    if e.set_value:
        return WidgetState(double_value=e.value)
    return WidgetState(double_value=e.default) if e.HasField("default") else None


def _text_input(e) -> WidgetState | None:  # its text; None: an empty input (value=None)
    if e.set_value:
        return WidgetState(string_value=e.value) if e.HasField("value") else None
    return WidgetState(string_value=e.default) if e.HasField("default") else None


# Element type -> its first state; buttons (triggers) and uploads without files hold none.
WIDGET_STATES: dict[str, Callable[[Any], WidgetState | None]] = {
    "checkbox": _checkbox,
    "selectbox": _single_choice,
    "radio": _single_choice,
    "multiselect": _multiselect,
    "button_group": _button_group,
    "slider": _slider,
    "number_input": _number_input,
    "text_input": _text_input,
}


def click(widget_id: str) -> WidgetState:
    """A button press: the one-shot trigger the frontend sends with the next rerun only."""
    return WidgetState(id=widget_id, trigger_value=True)


def component_trigger(component_id: str, event: str, value: Any) -> WidgetState:
    """A v2 component's `setTriggerValue(event, value)`: a JSON list on its "events" widget."""
    widget_id = f"{STREAMLIT_INTERNAL_KEY_PREFIX}_{component_id}{EVENT_DELIM}{TRIGGER_EVENTS}"
    payload = json.dumps([{"event": event, "value": value}])
    return WidgetState(id=widget_id, json_trigger_value=payload)


@dataclass
class Page:
    """What the frontend knows of the page: widget states, the newest element per id, the URL."""

    query_string: str = ""
    page_name: str = ""  # the URL's page path ("classroom"): the page until its hash is known
    page_script_hash: str = ""
    states: dict[str, WidgetState] = field(default_factory=dict)
    elements: dict[str, tuple[str, Any]] = field(default_factory=dict)  # id -> (type, proto)
    drawn: set[str] = field(default_factory=set)  # ids drawn since the last full run began
    fragment_ids: list[str] = field(default_factory=list)  # of the run going on ([]: full run)

    def add_element(self, element) -> tuple[str, Any]:
        kind = element.WhichOneof("type")
        proto = getattr(element, kind)
        widget_id = getattr(proto, "id", "")
        if widget_id:
            self.elements[widget_id] = (kind, proto)
            self.drawn.add(widget_id)
            if kind in WIDGET_STATES and (widget_id not in self.states or proto.set_value):
                state = WIDGET_STATES[kind](proto)
                if state is not None:
                    state.id = widget_id
                    self.states[widget_id] = state
        return kind, proto

    def new_run(self, msg: ForwardMsg) -> None:
        """A run begins (`new_session`): a full one, or a fragment run when it names fragments."""
        self.page_script_hash = msg.new_session.page_script_hash
        self.fragment_ids = list(msg.metadata.run.fragment_ids)
        if not self.fragment_ids:
            self.drawn = set()

    def full_run_finished(self) -> None:
        """Drop what the last full run did not draw (the frontend's removeInactiveWidgetState)."""
        for stale in set(self.elements) - self.drawn:
            self.elements.pop(stale, None)
            self.states.pop(stale, None)

    def widget(self, kind: str, label: str) -> str | None:
        """The id of the newest widget of this element type drawn with this label, or None."""
        ids = [i for i, (k, e) in self.elements.items() if k == kind and e.label == label]
        return ids[-1] if ids else None

    def button(self, label: str) -> str | None:
        """The id of the newest button (or form-submit button) with this label, or None."""
        return self.widget("button", label)

    def type_text(self, label: str, text: str) -> str | None:
        """Type `text` into the text input labelled `label` (its state from now on); its id.
        In a form the frontend sends it with the form's submit trigger, as the next rerun does."""
        widget_id = self.widget("text_input", label)
        if widget_id is not None:
            self.states[widget_id] = WidgetState(id=widget_id, string_value=text)
        return widget_id

    def component(self, key: str) -> str | None:
        """The id of the v2 component drawn under user key `key` (ids end in '-<key>')."""
        ids = [i for i, (kind, _) in self.elements.items() if kind == "bidi_component"]
        return next((i for i in ids if i.endswith(f"-{key}")), None)


@dataclass
class _Cached:
    message: ForwardMsg
    run: int
    fragment_id: str


class MessageCache:
    """The frontend's ForwardMsg cache: cacheable elements by hash, expired by age in runs."""

    def __init__(self) -> None:
        self.entries: dict[str, _Cached] = {}
        self.runs = 0
        self.max_age = 2

    def resolve(self, msg: ForwardMsg) -> ForwardMsg:
        if msg.WhichOneof("type") == "ref_hash":
            entry = self.entries[msg.ref_hash]  # a miss is a protocol error: let it raise
            entry.run = self.runs
            resolved = ForwardMsg()
            resolved.CopyFrom(entry.message)
            resolved.metadata.CopyFrom(msg.metadata)
            return resolved
        if msg.metadata.cacheable and msg.hash not in self.entries:
            self.entries[msg.hash] = _Cached(msg, self.runs, msg.delta.fragment_id)
        return msg

    def run_finished(self, fragment_ids: list[str]) -> None:
        """Age the cache after a run (a fragment run ages only that fragment's messages)."""
        self.runs += 1
        for key, entry in list(self.entries.items()):
            in_scope = not fragment_ids or entry.fragment_id in fragment_ids
            if in_scope and self.runs - entry.run > self.max_age:
                del self.entries[key]


def _load_page(base: str, url: str) -> str:
    """GET the page (and the health check), as the browser does first; the cookies it got."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = base.rstrip("/")
    for address in (url, f"{base}/_stcore/health", f"{base}/_stcore/host-config"):
        with opener.open(address, timeout=30) as response:
            response.read()
    return "; ".join(f"{c.name}={c.value}" for c in jar)


class CountingConnection(ClientConnection):
    """websockets' client connection that counts the bytes on its socket (compressed, framed):
    exact per session, unlike the loopback interface's counters, which every process shares."""

    wire_received = 0
    wire_sent = 0

    def data_received(self, data: bytes) -> None:
        self.wire_received += len(data)
        super().data_received(data)

    def connection_made(self, transport) -> None:
        write, connection = transport.write, self

        def counted(data) -> None:
            connection.wire_sent += len(data)
            write(data)

        transport.write = counted
        super().connection_made(transport)


class Connection:
    """One browser session's websocket: send reruns, receive ForwardMsgs (references resolved)."""

    def __init__(self, websocket: ClientConnection, page: Page) -> None:
        self.websocket = websocket
        self.page = page
        self.cache = MessageCache()
        self.received_bytes = 0  # ForwardMsg bytes, decompressed

    @property
    def wire_bytes(self) -> int:
        """Bytes on this session's socket both ways (as compressed and framed on the wire)."""
        return self.websocket.wire_received + self.websocket.wire_sent

    @classmethod
    async def open(cls, base_url: str, query: str = "", path: str = "") -> Connection:
        """Load `base_url`/`path`?`query` as the browser does and open its websocket."""
        url = f"{base_url}/{path}" + (f"?{query}" if query else "")
        cookies = await asyncio.to_thread(_load_page, base_url, url)
        headers = {"Cookie": cookies} if cookies else {}
        websocket = await connect(
            base_url.replace("http", "ws", 1) + STREAM_PATH,
            subprotocols=[SUBPROTOCOL],
            additional_headers=headers,
            origin=base_url,
            max_size=None,
            open_timeout=30,
            create_connection=CountingConnection,
        )
        return cls(websocket, Page(query_string=query, page_name=path))

    async def rerun(
        self, extra: list[WidgetState] = (), fragment_id: str = "", auto: bool = False
    ) -> float:
        """Send a `rerun_script` with every widget state (plus `extra`); returns when it left."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.page.query_string
        state.page_script_hash = self.page.page_script_hash
        state.page_name = self.page.page_name
        state.fragment_id = fragment_id
        state.is_auto_rerun = auto
        by_id = {**self.page.states, **{w.id: w for w in extra}}
        state.widget_states.widgets.extend(by_id.values())
        state.cached_message_hashes.extend(self.cache.entries)
        for name, value in CONTEXT.items():
            setattr(state.context_info, name, value)
        await self.websocket.send(msg.SerializeToString())
        return time.monotonic()

    async def receive(self) -> ForwardMsg:
        """The next ForwardMsg; the page and the cache follow it as the frontend's would."""
        data = await self.websocket.recv()
        self.received_bytes += len(data)
        msg = ForwardMsg()
        msg.ParseFromString(data)
        msg = self.cache.resolve(msg)
        self._follow(msg)
        return msg

    def _follow(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.page.new_run(msg)
            self.cache.max_age = msg.new_session.config.max_cached_message_age
        elif kind == "page_info_changed":
            self.page.query_string = msg.page_info_changed.query_string
        elif kind == "navigation":  # st.navigation's page: the hash the frontend asks for next
            self.page.page_script_hash = msg.navigation.page_script_hash
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self.page.add_element(msg.delta.new_element)
        elif kind == "script_finished" and msg.script_finished != EARLY:
            self.cache.run_finished(self.page.fragment_ids)
            if msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                self.page.full_run_finished()

    async def close(self) -> None:
        await self.websocket.close()
