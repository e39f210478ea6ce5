"""The fault suite (`make test-faults`; also part of `make test`, run last): it kills and
restarts the local servers, so it runs after every other test, and its figures are printed in
the terminal summary even when output is captured, and written to bench/results/faults.json."""

from __future__ import annotations

import json
import os
import platform
import time
from pathlib import Path

import pytest

from tests.faults.profile import PROFILE
from tests.integration.conftest import api, gateway_channel, platform_up  # noqa: F401 - shared fixtures

FIGURES: list[str] = []  # lines the fault tests want printed at the end of the run
# Each fault run's figures (faults by kind, writes by kind, lost, duplicated, recovery times), by
# run name, for bench/results/faults.json.
RESULTS: dict[str, dict] = {}
RESULTS_FILE = Path(__file__).resolve().parents[2] / "bench" / "results" / "faults.json"


def record(run: str, **figures) -> None:
    RESULTS[run] = figures


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    faults = [i for i in items if Path(str(i.fspath)).is_relative_to(here)]
    for item in faults:
        item.add_marker(pytest.mark.integration)
        item.add_marker(pytest.mark.faults)
    if faults:
        others = [i for i in items if i not in faults]
        items[:] = others + faults


def pytest_sessionfinish(session):
    if not RESULTS:
        return
    RESULTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "profile": PROFILE,
        "runs": RESULTS,
        "lost": sum(r.get("lost", 0) for r in RESULTS.values()),
        "duplicated": sum(r.get("duplicated", 0) for r in RESULTS.values()),
    }
    RESULTS_FILE.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n")


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.section("fault suite figures")
        for line in FIGURES:
            terminalreporter.write_line(line)
