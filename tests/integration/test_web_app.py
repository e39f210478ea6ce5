"""The web app's browser tests (clients/web/e2e, Playwright with Debian's Chromium) against the
running platform: the journeys (sign up to a friend's feed, two browsers and the live channel, a
hidden community, bad input), axe-core on every page, and screenshots of the main pages."""

from __future__ import annotations

import json
import os
import re
import subprocess
import time

import pytest

from tests.integration.endpoints import ROOT, WEB

WEB_APP = ROOT / "clients" / "web"
RESULTS = WEB_APP / "test-results" / "results.json"  # playwright.config.ts's JSON reporter
SCREENSHOTS = WEB_APP / "test-results" / "screenshots"
RUN_TIMEOUT = 240


COUNT = re.compile(r"^\s+\d+ (passed|failed|flaky|skipped|interrupted|did not run)\b")
RESULT = re.compile(r"^\s+[✓✘-]\s+\d+ ")


def _summary(stdout: str) -> list[str]:
    """The list reporter's line per test, the tests' own notes (axe-core's verdict per page, page
    errors) and the closing lines ("1 failed" and those tests, "9 passed (1.4m)")."""
    lines = stdout.rstrip().splitlines()
    start = next((i for i, line in enumerate(lines) if COUNT.match(line)), len(lines))
    notes = ("axe: ", "[page error]", "Screenshots with")
    return [line for line in lines[:start] if RESULT.match(line) or line.startswith(notes)] + lines[start:]


@pytest.mark.timeout(RUN_TIMEOUT + 60)
def test_the_web_app_in_a_browser(platform_up):
    if not (WEB_APP / "node_modules").is_dir():
        pytest.fail(f"{WEB_APP}/node_modules is missing: run make up (it runs npm ci and builds the web app)")
    if not (WEB_APP / "node_modules" / "@playwright" / "test").is_dir():
        pytest.fail(f"@playwright/test is not installed in {WEB_APP}/node_modules: run make up (npm ci)")
    RESULTS.unlink(missing_ok=True)
    env = {**os.environ, "KITH_WEB_URL": WEB, "FORCE_COLOR": "0", "CI": "1"}
    started = time.monotonic()
    try:
        done = subprocess.run(
            ["npx", "--no", "playwright", "test"],
            cwd=WEB_APP,
            env=env,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
        )
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
        pytest.fail(f"npx playwright test took more than {RUN_TIMEOUT} s:\n{out[-4000:]}")
    took = time.monotonic() - started
    print("\n".join(_summary(done.stdout)))
    print(f"Playwright ran in {took:.0f} s; screenshots in {SCREENSHOTS}")
    assert RESULTS.is_file(), f"no JSON report ({RESULTS}):\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    report = json.loads(RESULTS.read_text())
    stats = report["stats"]
    problems = [e.get("message", str(e)) for e in report.get("errors", [])]
    assert not problems, "\n".join(problems)
    assert done.returncode == 0, f"exit code {done.returncode}:\n{done.stdout[-6000:]}\n{done.stderr[-2000:]}"
    assert stats["expected"] > 0, stats
    assert (stats["unexpected"], stats["flaky"], stats["skipped"]) == (0, 0, 0), stats
