"""The fault suite (`make test-faults`; also part of `make test`, run last): it kills and
restarts the local servers, so it runs after every other test, and its figures are printed in
the terminal summary even when output is captured."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.conftest import api, gateway_channel, platform_up  # noqa: F401 - shared fixtures

FIGURES: list[str] = []  # lines the fault tests want printed at the end of the run


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    faults = [i for i in items if Path(str(i.fspath)).is_relative_to(here)]
    for item in faults:
        item.add_marker(pytest.mark.integration)
        item.add_marker(pytest.mark.faults)
    if faults:
        others = [i for i in items if i not in faults]
        items[:] = others + faults


def pytest_terminal_summary(terminalreporter):
    if FIGURES:
        terminalreporter.section("fault suite figures")
        for line in FIGURES:
            terminalreporter.write_line(line)
