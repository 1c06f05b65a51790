"""Two trainers side by side (`playground.live.pair`): `same_data` compares their points, and
`train_in_step` keeps both on the same epoch whatever their speed, waits for the slow side when a
round outlasts its time limit, and stops when a side diverges.
"""

from __future__ import annotations

import math

from playground.config import PlaygroundConfig
from playground.live.pair import same_data, train_in_step
from playground.trainer import Trainer


def test_same_data_compares_the_points():
    a, b = Trainer(PlaygroundConfig(seed=1)), Trainer(PlaygroundConfig(seed=1, optimizer="adam"))
    assert same_data(a, b)
    assert not same_data(a, Trainer(PlaygroundConfig(seed=2)))


# --- training in step ------------------------------------------------------------------------
def test_train_in_step_keeps_a_slow_and_a_fast_side_on_the_same_epoch():
    fast = Trainer(PlaygroundConfig(hidden_layers=(2,), batch_size=250))
    slow = Trainer(PlaygroundConfig(hidden_layers=(8,) * 6, batch_norm=True, batch_size=1))
    for epochs in (1, 3, None, 2, None):
        rounds = train_in_step((fast, slow), epochs, max_seconds=0.01, round_limit=math.inf)
        assert fast.epoch == slow.epoch
        assert rounds >= 1
    assert train_in_step((fast, slow), 5, math.inf) == 5
    assert fast.epoch == slow.epoch


class CountingClock:
    """A fake clock that moves on `tick` seconds at every reading: time is counted in readings,
    so a test of a time budget gives the same result on a fast machine and on a busy one."""

    def __init__(self, tick: float) -> None:
        self.now, self.tick = 0.0, tick

    def __call__(self) -> float:
        self.now += self.tick
        return self.now


def test_a_round_too_long_for_its_limit_waits_for_the_slow_side():
    clock = CountingClock(0.001)  # a reading per training step: 250 steps make a slow epoch
    fast = Trainer(PlaygroundConfig(batch_size=250))
    slow = Trainer(PlaygroundConfig(hidden_layers=(16,) * 4, batch_size=1))
    fast.clock = slow.clock = clock
    train_in_step((fast, slow), 2, max_seconds=0.0, round_limit=0.02, clock=clock)
    assert (fast.epoch, slow.epoch) == (1, 0) and 0 < slow.step < 250  # stopped mid-epoch
    for _ in range(29):
        train_in_step((fast, slow), 2, max_seconds=0.0, round_limit=0.02, clock=clock)
        assert 0 <= fast.epoch - slow.epoch <= 1  # the fast side waits at its epoch
    assert slow.epoch >= 2  # it gets there, one slice of the round limit per call


def test_train_in_step_stops_when_a_side_diverges():
    wild = Trainer(PlaygroundConfig(dataset="plane", hidden_layers=(8, 8), learning_rate=10.0))
    calm = Trainer(PlaygroundConfig(dataset="plane", hidden_layers=(8, 8)))
    for _ in range(50):
        train_in_step((wild, calm), 5, 0.05)
        if wild.diverged:
            break
    assert wild.diverged and not calm.diverged
    epoch = calm.epoch
    assert train_in_step((wild, calm), 5, 0.05) == 0
    assert calm.epoch == epoch
