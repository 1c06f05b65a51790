"""The server's load governor: the process's measured CPU use moves every session down the
ladder of run plans evenly and back up when it is quiet; frames go before epochs."""

from __future__ import annotations

import itertools
import threading
import time

from hypothesis import given
from hypothesis import strategies as st

from playground.live.load import PLANS, Load, next_level
from playground.live.pacing import FRAME_PERIOD, FRAMES_PER_RUN


class FakeProcess:
    """A clock and a CPU counter that tests advance by hand."""

    def __init__(self) -> None:
        self.now = 100.0
        self.used = 0.0

    def run(self, seconds: float, busy: float) -> None:
        self.now += seconds
        self.used += seconds * busy


def governed(process: FakeProcess) -> Load:
    return Load(clock=lambda: process.now, cpu=lambda: process.used)


def test_each_rung_costs_less_and_frames_go_before_epochs() -> None:
    cost = [plan.fps + plan.epoch_scale * 100 + 5 / plan.period for plan in PLANS]  # per second
    assert all(b < a for a, b in itertools.pairwise(cost))
    first_epoch_cut = next(i for i, plan in enumerate(PLANS) if plan.epoch_scale < 1)
    assert PLANS[first_epoch_cut - 1].fps < PLANS[0].fps  # frames were cut first
    assert all(plan.frames >= 1 and plan.ask_ahead < plan.period for plan in PLANS)
    assert (PLANS[0].period, PLANS[0].frames) == (FRAME_PERIOD, FRAMES_PER_RUN)  # timer pages


def test_a_busy_process_moves_down_and_a_quiet_one_comes_back() -> None:
    process = FakeProcess()
    load = governed(process)
    assert load.plan() == PLANS[0]
    for _ in range(30):
        process.run(0.6, busy=1.2)  # saturated
        load.plan()
    assert load.level == len(PLANS) - 1
    levels = []
    for _ in range(30):
        process.run(0.6, busy=0.2)  # quiet
        levels.append(load.plan())
    assert levels[-1] == PLANS[0]
    assert len(set(levels)) > 3  # one rung at a time on the way back


def test_within_the_band_the_level_holds() -> None:
    process = FakeProcess()
    load = governed(process)
    load.plan()
    load.level, load.utilization = 4, (load.high + load.low) / 2
    for _ in range(20):
        process.run(0.6, busy=(load.high + load.low) / 2)
        load.plan()
    assert load.level == 4


def test_after_a_long_quiet_spell_everyone_starts_at_the_top() -> None:
    process = FakeProcess()
    load = governed(process)
    load.plan()
    load.level = 7
    process.run(60.0, busy=0.0)  # nobody played for a minute
    assert load.plan() == PLANS[0]


@given(
    st.integers(0, len(PLANS) - 1),
    st.floats(0, 4, allow_nan=False),
    st.floats(0.2, 0.9),
    st.floats(0.05, 0.5),
)
def test_next_level_stays_on_the_ladder_and_moves_the_right_way(level, used, high, gap) -> None:
    low = high - gap
    after = next_level(level, used, high, low)
    assert 0 <= after < len(PLANS)
    if used > high:
        assert after >= level
    elif used < low:
        assert after <= level
    else:
        assert after == level


def test_runs_that_wait_long_for_their_turn_count_as_load() -> None:
    process = FakeProcess()
    load = governed(process)
    load.plan()
    for _ in range(6):  # the process's own CPU is moderate, but turns come late
        load._waits = [0.5 * 10, 10]  # ten runs waited half a second each
        process.run(0.5, busy=0.5)
        load.plan()
    assert load.level >= 3
    level = load.level
    for _ in range(12):  # no more waiting, and quiet
        load._waits = [0.0, 10]
        process.run(0.5, busy=0.2)
        load.plan()
    assert load.level < level


def test_runs_take_turns_one_at_a_time_in_order() -> None:
    load = Load()
    inside, most, order = [0], [0], []
    lock = threading.Lock()

    def run(name: int) -> None:
        with load.turn() as got:
            assert got
            with lock:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
                order.append(name)
            time.sleep(0.01)
            with lock:
                inside[0] -= 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most[0] == 1 and sorted(order) == list(range(8))


def test_a_click_while_waiting_gives_up_the_turn() -> None:
    load = Load()
    with load.turn() as first:
        assert first
        start = time.perf_counter()
        with load.turn(interrupted=lambda: time.perf_counter() - start > 0.05) as second:
            assert not second  # it did not wait for the first run to end
    with load.turn() as third:  # and gave back nothing it did not take
        assert third


def test_a_clicks_page_run_does_not_queue() -> None:
    load = Load()
    with load.turn() as first, load.turn(queue=False) as click:
        assert first and click  # at once, beside the live run that holds the slot
    with load.turn() as after:
        assert after  # the slot was given back once, not twice


def test_waiters_get_the_slot_in_the_order_they_came() -> None:
    load, order = Load(), []
    ready = threading.Event()

    def run(name: int) -> None:
        with load.turn() as got:
            assert got
            order.append(name)
            if name == 0:
                ready.wait(2)  # hold the slot until everyone queued

    threads = [threading.Thread(target=run, args=(0,))]
    threads[0].start()
    time.sleep(0.05)
    for name in range(1, 6):
        threads.append(threading.Thread(target=run, args=(name,)))
        threads[-1].start()
        time.sleep(0.05)  # each waits (and polls) before the next comes
    ready.set()
    for thread in threads:
        thread.join()
    assert order == [0, 1, 2, 3, 4, 5]
