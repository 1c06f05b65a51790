"""How busy this server process is, and so how much every playing session may do per second.

A class of students shares one Python process per worker (one GIL): when their live views ask
for more than the process can do, every run stretches, clicks queue behind them and the view
stutters. Live runs therefore take turns (`Load.turn`), and `Load` measures, over short
windows, the process's CPU time against the wall clock and how long runs waited for their
turn, and moves one process-wide level up or down the `PLANS` ladder, so every session slows
evenly (the same plan for all) and a click still finds the CPU free enough to take effect
quickly.
Each rung costs about a fifth less than the one above it: frames go first (fewer per second,
longer batches, hence fewer Streamlit runs), then epochs down to 30 a second at 20 frames a
second, then both (a class of 30 on one process: 10 frames and 15 epochs a second each).
Nothing here imports Streamlit; `LOAD` is the process's own instance.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RunPlan:
    """What one playing session does per second on a rung of the ladder."""

    period: float  # seconds of frames one run sends (the browser asks again before they end)
    fps: float  # frames per second
    epoch_scale: float  # share of the speed's epochs per second that are trained

    @property
    def frames(self) -> int:
        """Frames per run."""
        return max(1, round(self.period * self.fps))

    @property
    def run_budget(self) -> float:
        """Seconds of wall clock a run may spend before it trains the rest of its time at once
        and draws one last frame: on a timer (0.2 s) it then ends inside the timer even on a
        busy server (a run that outlasts it has its frames dropped by Streamlit)."""
        return 0.65 * self.period

    @property
    def ask_ahead(self) -> float:
        """Seconds of frames left to play when the browser asks for the next run (flow control:
        half a run's worth, so the next batch is there before the last frame is shown)."""
        return self.period / 2


# The top rung is also the fixed plan of pages the server's timer drives (digits, compare): one
# run every 0.2 s (each costs the browser ~20-60 ms of page re-rendering), 10 frames each.
PLANS = (
    RunPlan(0.2, 50, 1.0),
    RunPlan(0.25, 40, 1.0),
    RunPlan(0.3, 30, 1.0),
    RunPlan(0.4, 25, 0.8),
    RunPlan(0.5, 20, 0.6),
    RunPlan(0.6, 20, 0.45),
    RunPlan(0.75, 20, 0.3),
    RunPlan(0.75, 15, 0.25),
    RunPlan(1.0, 12, 0.2),
    RunPlan(1.0, 10, 0.15),
    RunPlan(1.0, 8, 0.1),
)


class Turns:
    """One slot, handed to the waiters in the order they came (a semaphore polled with a
    timeout would re-queue each waiter at every poll, and a newcomer could overtake them)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._busy = False
        self._waiting: deque[threading.Event] = deque()

    def take(self, interrupted: Callable[[], bool], poll: float = 0.02) -> bool:
        """Wait for the slot; False (and out of the line) once `interrupted()`."""
        with self._lock:
            if not self._busy and not self._waiting:
                self._busy = True
                return True
            handed = threading.Event()
            self._waiting.append(handed)
        while not handed.wait(poll):
            if interrupted():
                with self._lock:
                    if handed.is_set():  # handed over meanwhile: it is ours
                        return True
                    self._waiting.remove(handed)
                    return False
        return True

    def give_back(self) -> None:
        """Hand the slot to the longest waiter, or free it."""
        with self._lock:
            if self._waiting:
                self._waiting.popleft().set()  # still busy: the slot goes straight over
            else:
                self._busy = False


@dataclass
class Load:
    """The process's CPU use over the last window, and the rung of `PLANS` it puts sessions on.

    Live runs take turns (`turn`): one of them trains at a time, the others wait their turn in
    order without holding the GIL, so a click's own run competes with one live run
    rather than with thirty (GIL threads share a core in 5 ms slices: thirty runnable threads
    made a 50 ms page run take over a second). Above `high` (cores busy, measured) the level
    goes one rung down per window, more when far above; also one rung when runs waited for
    their turn longer than `patience` of their plan's period on average; below `low` (and no
    such waiting) it comes back one rung per window. Thread-safe.
    """

    high: float = 0.85
    low: float = 0.66
    patience: float = 0.25
    window: float = 0.5  # seconds
    clock: Callable[[], float] = time.perf_counter
    cpu: Callable[[], float] = time.process_time  # all threads of this process
    level: int = 0
    utilization: float = 0.0
    waiting: float = 0.0  # mean seconds a run waited for its turn, smoothed over windows
    _since: float = -1.0
    _cpu_since: float = 0.0
    _waits: list[float] = field(default_factory=lambda: [0.0, 0.0])  # seconds, runs: window
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    _turns: Turns = field(default_factory=lambda: Turns(), repr=False, compare=False)

    @contextmanager
    def turn(
        self, interrupted: Callable[[], bool] = lambda: False, queue: bool = True
    ) -> Iterator[bool]:
        """Around a live run's training: wait for the slot (first come, first served), giving
        up when `interrupted()`; yields whether the run got its turn. `queue=False` (a click's
        page run, which a person is waiting for) goes ahead without one."""
        if not queue:
            yield True
            return
        start = self.clock()
        got = self._turns.take(interrupted)
        with self._lock:
            self._waits[0] += self.clock() - start
            self._waits[1] += 1
        try:
            yield got
        finally:
            if got:
                self._turns.give_back()

    def plan(self) -> RunPlan:
        """The plan every playing session follows now (measuring first, once per window)."""
        with self._lock:
            self._measure()
            return PLANS[self.level]

    def _measure(self) -> None:
        now, cpu = self.clock(), self.cpu()
        if self._since < 0 or now - self._since > 10 * self.window:  # first run, or idle
            self._since, self._cpu_since, self.level = now, cpu, 0
            self.utilization, self.waiting, self._waits = 0.0, 0.0, [0.0, 0.0]
            return
        if now - self._since < self.window:
            return
        utilization = (cpu - self._cpu_since) / (now - self._since)
        waited, runs = self._waits
        self._since, self._cpu_since, self._waits = now, cpu, [0.0, 0.0]
        # Smoothed over windows: one slow window (a full page run, a collection) moves little.
        self.utilization += SMOOTHING * (utilization - self.utilization)
        self.waiting += SMOOTHING * ((waited / runs if runs else 0.0) - self.waiting)
        level = next_level(self.level, self.utilization, self.high, self.low)
        patience = self.patience * PLANS[self.level].period
        if self.waiting > patience:  # turns come late: fewer or cheaper runs
            level = max(level, min(self.level + 1, len(PLANS) - 1))
        elif self.waiting > 0.4 * patience:  # nearly so: do not come back up yet
            level = max(level, self.level)
        self.level = level


def next_level(level: int, utilization: float, high: float, low: float) -> int:
    """The rung after a window at `utilization`: down (a higher index) when over `high`, one
    more rung per half of `high` beyond it, back up one when under `low`."""
    if utilization > high:
        steps = 1 + int((utilization - high) / (0.5 * high))
        return min(level + steps, len(PLANS) - 1)
    if utilization < low:
        return max(level - 1, 0)
    return level


SMOOTHING = 0.5  # weight of the newest window in the moving averages of CPU use and waiting
LOAD = Load()
