"""Class mode under load (issue 13): N students of one class submit once a minute while playing.

`python benchmarks/bench_class.py --class-mode [--sessions 30] [--seconds 120] [--workers 2]`: for
each N, a class is made with the store (`open_store().create_class`) in a temporary data directory
that the server started afterwards inherits (`PLAYGROUND_DATA_DIR`). One teacher session opens
`/classroom?class=CODE&teacher=TOKEN`, whose board fragment reruns on the 3 s timer the server
announces, as the browser's does; N students open `/classroom?class=CODE`, type a name into the
join form and submit it, press Play and keep the class page's live view (key "student:view") and
their own board going as the browser would. Three windows of `--seconds` follow on the same
sessions: the reference (playing, the board still empty), the load (student i clicks "Submit this
setup" at (i + u)/N of every minute, `--submit-every`, u uniform in [0, 1): N/60 submissions a
second), and the full board without submissions, which tells the cost of submitting from that of
drawing a full board. Per window: frames/s and epochs/s per student (min / median), server and
client CPU, KB/s on each student's socket, errors (exception elements, "Something went wrong"
messages, dropped connections, clicks without effect, refused submissions other than the rate
limit) and the teacher's board cadence; for the load window also the submit latency — from sending
the click to receiving the "Scored" message its run draws once the server has trained the setup for
the challenge's epoch budget — and the board staleness: from an entry's `created_at` in the store
(when the server accepted it; this machine's wall clock) to the arrival of the first teacher's
board table that shows that student with at least that many tries.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import random
import shutil
import statistics
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import psutil
import pyarrow as pa
from class_measure import (
    ServerTree,
    Window,
    class_server,
    errors_of,
    fmt_errors,
    percentile,
    session_rates,
)

from playground_harness.student import PAGE_ERROR, PLAY, Student, button_labelled

CLASS_PATH = "classroom"  # the Class page's URL path (app.py's navigation)
STUDENT_VIEW = "student:view"  # the student's live view (ui/widgets/class_student.py KEY)
NAME_LABEL, JOIN, SUBMIT = "Your name on the board", "Join the class", "Submit this setup"
SUBMIT_TIMEOUT = 120.0  # seconds a submission may take before it counts as unanswered
JOINING = 5  # students joining at the same time
WARMUP = 5.0  # seconds of play before the first window
GRACE = 8.0  # seconds the teacher keeps watching after the load window (for the last entries)


@dataclass(frozen=True)
class Submission:
    sent: float  # time.monotonic() of the click
    answered: float | None  # when its message arrived; None: never
    outcome: str  # "scored", "rate limit", "refused", "no answer"
    text: str


def _answer(kind: str, e) -> bool:
    """The submit bar's message: "Scored ..." (success) or a refusal (error)."""
    return kind == "alert" and (e.body.startswith("Scored") or e.format == e.ERROR)


class ClassStudent(Student):
    """A student on the class page: joins with a name, plays, submits."""

    def __init__(self, url: str, code: str, name: str) -> None:
        super().__init__(url, urlencode({"class": code}), CLASS_PATH, STUDENT_VIEW)
        self.name = name
        self.submissions: list[Submission] = []

    async def join(self) -> None:
        """Type the name into the join form and submit it; done when the playground's Play shows."""
        if self.connection.page.type_text(NAME_LABEL, self.name) is None:
            self.record.errors["no name input"] += 1
            return
        await self.click_until(JOIN, button_labelled(PLAY))

    async def submit(self) -> Submission:
        done = await self.click_until(SUBMIT, _answer, SUBMIT_TIMEOUT)
        text = done.shown.body if done.shown is not None else ""
        if text.startswith("Scored"):
            outcome = "scored"
        elif text.startswith(PAGE_ERROR):  # counted by Student as a page error
            outcome = "page error"
        elif text.startswith("Wait "):  # TooSoonError: the per-session rate limit
            outcome = "rate limit"
        elif text:  # a refusal (a limit, paused, closed...): an error here
            outcome = "refused"
            self.record.errors["submission refused"] += 1
        else:  # no button, or no answer in time: counted by click_until
            outcome = "no answer"
        self.submissions.append(Submission(done.sent, done.effect, outcome, text))
        return self.submissions[-1]


class Teacher(Student):
    """The teacher's page: records every board table as it arrives (wall clock, name -> tries)."""

    def __init__(self, url: str, code: str, token: str) -> None:
        super().__init__(url, urlencode({"class": code, "teacher": token}), CLASS_PATH, "-")
        self.boards: list[tuple[float, dict[str, int]]] = []
        self.empty_boards: list[float] = []  # runs that showed "No entries yet"
        self.watchers.append(self._watch)

    def _watch(self, msg, kind: str, proto) -> None:
        if kind == "dataframe":
            try:
                table = pa.ipc.open_stream(proto.arrow_data.data).read_all().to_pydict()
                tries = dict(zip(table["Name"], table["Tries"], strict=True))
            except (pa.ArrowException, KeyError, ValueError):
                self.record.errors["unreadable board table"] += 1
                return
            self.boards.append((time.time(), tries))
        elif kind == "alert" and proto.body.startswith("No entries yet"):
            self.empty_boards.append(time.time())

    def board_times(self, start: float, end: float) -> list[float]:
        """Wall times of the board runs (tables or "no entries") in [start, end]."""
        times = sorted([t for t, _ in self.boards] + self.empty_boards)
        return [t for t in times if start <= t <= end]


@dataclass
class Phase:
    name: str
    rates: list[tuple[float, float]] = field(default_factory=list)
    window: dict[str, float] = field(default_factory=dict)
    wire: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    board_gaps: list[float] = field(default_factory=list)  # s between the teacher's board runs
    submissions: list[Submission] = field(default_factory=list)
    staleness: list[float] = field(default_factory=list)
    unseen: int = 0  # accepted entries the teacher's board never showed
    overlaps: Counter = field(default_factory=Counter)  # runs "finished early", nothing lost


def _overlaps(sessions: list[Student]) -> Counter:
    """Runs reported "finished early for rerun" that lost nothing, by kind (student.Record)."""
    counts: Counter = Counter()
    for s in sessions:
        counts["view"] += s.record.overlapped
        counts["board"] += s.record.overlapped_other
        counts["cut by a click's run"] += s.record.cut_by_click
    return counts


@contextlib.contextmanager
def class_data_dir():
    """A temporary PLAYGROUND_DATA_DIR for this process and the server it starts."""
    before = os.environ.get("PLAYGROUND_DATA_DIR")
    folder = Path(tempfile.mkdtemp(prefix="class-load-"))
    os.environ["PLAYGROUND_DATA_DIR"] = str(folder)
    try:
        yield folder
    finally:
        if before is None:
            os.environ.pop("PLAYGROUND_DATA_DIR", None)
        else:
            os.environ["PLAYGROUND_DATA_DIR"] = before
        shutil.rmtree(folder, ignore_errors=True)


def make_class(title: str):
    from playground.classroom import Challenge, open_store
    from playground.config import PlaygroundConfig

    with open_store() as store:
        return store.create_class(Challenge(PlaygroundConfig(), title=title))


def accepted_entries(code: str) -> list[tuple[str, float]]:
    """(display name, created_at as a Unix time) of every entry of the class, oldest first."""
    import datetime as dt

    import sqlalchemy as sa

    from playground.classroom import open_store
    from playground.classroom.schema import classes, entries

    with open_store() as store, store.engine.connect() as connection:
        query = (
            sa.select(entries.c.display_name, entries.c.created_at)
            .join(classes, classes.c.id == entries.c.class_id)
            .where(classes.c.join_code == code)
            .order_by(entries.c.created_at, entries.c.id)
        )
        rows = connection.execute(query).all()
    return [(name, at.replace(tzinfo=dt.UTC).timestamp()) for name, at in rows]


def staleness(entries: list[tuple[str, float]], teacher: Teacher) -> tuple[list[float], int]:
    """Seconds from each entry's acceptance to the first board showing it; entries never shown."""
    tries: Counter = Counter()
    found, unseen = [], 0
    for name, accepted in entries:
        tries[name] += 1
        shown = next((t for t, b in teacher.boards if b.get(name, 0) >= tries[name]), None)
        if shown is None:
            unseen += 1
        else:
            found.append(shown - accepted)
    return found, unseen


async def submitter(student: ClassStudent, index: int, n: int, args, rng) -> None:
    """Submit at (index + u) / n of every period (a minute) of the window; each answer awaited."""
    start, period = time.monotonic(), args.submit_every
    moment = (index + rng.random()) / n * period
    while moment < args.seconds:
        await asyncio.sleep(max(0.0, start + moment - time.monotonic()))
        await student.submit()
        moment += period


async def measure(phase: Phase, tree, students, teacher, seconds, load=None) -> Phase:
    """One window of `seconds` (longer if submissions are still waiting for their answer)."""
    before, overlaps = errors_of([*students, teacher]), _overlaps([*students, teacher])
    wire = [s.connection.wire_bytes for s in students]
    window, wall = Window(tree).open(), time.time()
    await asyncio.gather(asyncio.sleep(seconds), *(load or ()))
    phase.window = window.close()
    start, end = phase.window["start"], phase.window["start"] + phase.window["seconds"]
    phase.errors = errors_of([*students, teacher]) - before
    phase.overlaps = _overlaps([*students, teacher]) - overlaps
    phase.rates = [session_rates(s.record, start, end) for s in students]
    phase.wire = [
        (s.connection.wire_bytes - b) / phase.window["seconds"]
        for s, b in zip(students, wire, strict=True)
    ]
    times = teacher.board_times(wall, wall + phase.window["seconds"])
    phase.board_gaps = [b - a for a, b in itertools.pairwise(times)]
    return phase


async def open_all(students: list[Student]) -> None:
    gate = asyncio.Semaphore(JOINING)

    async def one(student: Student) -> None:
        async with gate:
            await student.open()
            if isinstance(student, ClassStudent):
                await student.join()

    await asyncio.gather(*(one(s) for s in students))


async def run_level(served, n: int, args, rng: random.Random) -> list[Phase]:
    made = make_class(f"Load test, {n} students")
    tree = ServerTree(served.pid)
    teacher = Teacher(served.url, made.code, made.teacher_token)
    students = [ClassStudent(served.url, made.code, f"Student {i + 1:02d}") for i in range(n)]
    await open_all([teacher, *students])
    await asyncio.gather(*(s.press(PLAY) for s in students))
    await asyncio.sleep(WARMUP)
    joining = errors_of([*students, teacher])
    print(f"joined: connections per Streamlit process {connections_per_worker(tree)}", flush=True)
    if joining:
        print(f"joining: errors {fmt_errors(joining)}", flush=True)
    reference = await measure(Phase("no submits"), tree, students, teacher, args.seconds)
    load = [submitter(s, i, n, args, rng) for i, s in enumerate(students)]
    loaded = await measure(Phase("submitting"), tree, students, teacher, args.seconds, load)
    await asyncio.sleep(GRACE)
    loaded.submissions = [x for s in students for x in s.submissions]
    loaded.staleness, loaded.unseen = staleness(accepted_entries(made.code), teacher)
    full = await measure(Phase("board full"), tree, students, teacher, args.seconds)
    await asyncio.gather(*(s.close() for s in [teacher, *students]))
    return [reference, loaded, full]


def _ms(values: list[float], *qs: float) -> str:
    return "/".join(f"{1000 * percentile(values, q):.0f}" for q in qs) if values else "-"


def report(n: int, phases: list[Phase]) -> None:
    print(
        f"{'window':>10} {'N':>3} {'frames/s min/med':>17} {'epochs/s min/med':>17} "
        f"{'submit p50/p95 ms':>17} {'stale p50/p95/max ms':>20} {'board gap med/max s':>19} "
        f"{'server CPU':>10} {'client CPU':>10} {'KB/s each':>9}  errors",
        flush=True,
    )
    for p in phases:
        frames = [r[0] for r in p.rates] or [float("nan")]
        epochs = [r[1] for r in p.rates] or [float("nan")]
        took = [s.answered - s.sent for s in p.submissions if s.outcome == "scored"]
        gaps = p.board_gaps or [float("nan")]
        print(
            f"{p.name:>10} {n:>3} {min(frames):8.1f}/{statistics.median(frames):<8.1f} "
            f"{min(epochs):8.1f}/{statistics.median(epochs):<8.1f} {_ms(took, 50, 95):>17} "
            f"{_ms(p.staleness, 50, 95, 100):>20} "
            f"{statistics.median(gaps):9.1f}/{max(gaps):<9.1f} "
            f"{p.window['server_cpu']:9.0f}% {p.window['client_cpu']:9.0f}% "
            f"{statistics.median(p.wire) / 1024:9.0f}  {fmt_errors(p.errors)}",
            flush=True,
        )
    loaded = phases[1]
    outcomes = Counter(s.outcome for s in loaded.submissions)
    refusals = Counter(s.text for s in loaded.submissions if s.outcome == "refused")
    seconds = loaded.window["seconds"]
    print(
        f"{'':>11}submissions: {len(loaded.submissions)} in {seconds:.0f} s "
        f"({len(loaded.submissions) / seconds:.2f}/s): {dict(outcomes)}; accepted entries the "
        f"teacher's board never showed: {loaded.unseen}",
        flush=True,
    )
    for p in phases:
        print(f"{'':>11}{p.name}: runs 'finished early', nothing lost: {dict(p.overlaps)}")
    for text, count in refusals.items():
        print(f"{'':>11}refused {count}x: {text}", flush=True)
    ref, sub, full = (statistics.median(r[0] for r in p.rates) for p in phases)
    print(
        f"{'':>11}median frames/s vs the empty board's: submitting {100 * sub / ref:.0f} %, "
        f"the full board without submissions {100 * full / ref:.0f} %"
    )


def connections_per_worker(tree: ServerTree) -> list[int]:
    """Websockets (and other open connections) each Streamlit process of the tree holds."""
    counts = []
    for process in tree.processes():
        with contextlib.suppress(Exception):
            if "streamlit" not in " ".join(process.cmdline()):
                continue
            connections = process.net_connections("tcp")
            ports = {c.laddr.port for c in connections if c.status == psutil.CONN_LISTEN}
            counts.append(
                sum(
                    c.status == psutil.CONN_ESTABLISHED and c.laddr.port in ports
                    for c in connections
                )
            )
    return counts


def keep_worker_logs(tree: ServerTree, log: Path | None) -> None:
    """Copy the workers' logs (in `playground serve`'s run directory, removed when it stops)."""
    if log is None:
        return
    for process in tree.processes():
        with contextlib.suppress(Exception):
            for opened in process.open_files():
                if opened.path.endswith(".log") and Path(opened.path) != log.resolve():
                    shutil.copy(opened.path, log.with_name(f"{log.stem}.{Path(opened.path).name}"))


async def bench(args) -> None:
    rng = random.Random(args.seed)
    with class_data_dir() as folder, class_server(args.workers, args.app, log=args.log) as served:
        where = f"playground serve --workers {args.workers}" if args.workers > 1 else "streamlit"
        print(f"class mode: {where} at {served.url}, data {folder}", flush=True)
        try:
            for n in args.sessions:
                report(n, await run_level(served, n, args, rng))
        finally:
            keep_worker_logs(ServerTree(served.pid), args.log)
