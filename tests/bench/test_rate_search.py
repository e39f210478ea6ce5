"""bench/mixed_workload.py's rate search: a rate is judged by the majority of its steps, so one
lucky (or unlucky) 15-s step does not decide the published rate."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import mixed_workload as mw  # bench/, put on sys.path above


def step(rate: float, p99: float) -> dict:
    """A step as LoadGenerator.step summarises it (mixed_workload.step_summary), every call at `p99`."""
    calls = {
        "latencies": {"home": [p99] * 100},
        "errors": {},
        "error_examples": {},
        "lags": [1.0],
        "completed_in_window": round(rate * 15),
        "cpu_seconds": 1.0,
        "wall_seconds": 18.0,
    }
    return mw.step_summary(rate, 15.0, [calls], {})


class ScriptedGenerator:
    """Each step at a rate answers the next p99 scripted for that rate."""

    def __init__(self, script: dict[int, list[float]]) -> None:
        self.script = {rate: list(p99s) for rate, p99s in script.items()}
        self.rates: list[int] = []

    async def step(self, rate: float, *, warmup: float, duration: float, tokens=None) -> dict:
        self.rates.append(round(rate))
        return step(rate, self.script[round(rate)].pop(0))


# 150/s passes once by luck and then fails twice; 112/s passes twice.
SCRIPT = {
    300: [80.0, 90.0],
    150: [45.0, 60.0, 62.0],
    225: [70.0],
    188: [60.0],
    75: [30.0, 35.0],
    112: [40.0, 42.0],
    131: [55.0, 48.0, 52.0],
}


def search(gen: ScriptedGenerator, repeats: int) -> dict:
    s = mw.Search(300, repeats=repeats, settle=0.0)
    return asyncio.run(mw.find_max_rate(gen, s, label="mixed", deadline=time.monotonic() + 3600, log=lambda *_: None))


def test_one_lucky_step_no_longer_sets_the_rate():
    single = search(ScriptedGenerator(SCRIPT), repeats=1)
    assert single["rate_per_second"] == 150  # what one step per rate published

    gen = ScriptedGenerator(SCRIPT)
    found = search(gen, repeats=3)
    assert found["rate_per_second"] == 112
    assert found["first_failed_rate_per_second"] == 131
    # Two that agree end a rate: 300 and 75 took two steps, 150 and 131 three.
    assert gen.rates == [300, 300, 150, 150, 150, 75, 75, 112, 112, 131, 131, 131]
    assert [s["repeat"] for s in found["steps"][:5]] == [1, 2, 1, 2, 3]
    best = found["at_rate"]
    assert best["p99_ms"] == 42.0  # the passing step nearest the bound speaks for the rate
    assert best["repeats"] == [{"p99_ms": 40.0, "passed": True}, {"p99_ms": 42.0, "passed": True}]


def test_a_rate_waits_for_its_majority():
    ok, slow = step(100, 30.0), step(100, 70.0)
    assert mw.judge_rate([ok], 3) is None
    assert mw.judge_rate([ok, slow], 3) is None
    assert mw.judge_rate([ok], 1)["passed"]
    assert not mw.judge_rate([slow], 1)["passed"]
    passed = mw.judge_rate([ok, slow, step(100, 44.0)], 3)
    assert passed["passed"] and passed["p99_ms"] == 44.0
    failed = mw.judge_rate([slow, ok, step(100, 55.0)], 3)
    assert not failed["passed"] and failed["p99_ms"] == 55.0
    assert [r["passed"] for r in failed["repeats"]] == [False, True, False]
