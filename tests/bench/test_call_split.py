"""bench/call_split.py: the gateway's access-log lines (as the services' own logging config writes
them) matched to the generator's slow calls, and a call's time cut into its four parts."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

import pytest
from pythonjsonlogger.json import JsonFormatter

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import call_split  # bench/, put on sys.path above

from kith_platform.logs import logging_config


def access_line(request_id: str, ended: float, duration_ms: float, logger: str = "kith.access") -> str:
    """A line as the gateway's stdout gets it: its logging config's formatter, an access record."""
    options = {k: v for k, v in logging_config("gateway")["formatters"]["json"].items() if k != "()"}
    record = logging.LogRecord(logger, logging.INFO, __file__, 1, "rpc", None, None)
    record.created, record.msecs = ended, (ended % 1) * 1000
    for name, value in {
        "service": "gateway",
        "request_id": request_id,
        "user_id": "u1",
        "trace_id": "",
        "span_id": "",
        "method": "/kith.feed.v1.FeedService/GetHomeFeed",
        "code": "OK",
        "duration_ms": duration_ms,
    }.items():
        setattr(record, name, value)
    return JsonFormatter(**options).format(record)


def test_served_reads_the_start_and_end_of_the_calls_asked_for():
    ended = time.time()
    lines = [
        access_line("7-1", ended, 12.5),
        access_line("7-2", ended + 1, 3.0),  # not asked for
        access_line("7-3", ended, 40.0, logger="kith.gateway.admission"),  # not an access line
        "not json kith.access",
        '{"logger": "kith.access", "request_id": "7-4"}',  # no time
    ]
    found = call_split.served(lines, {"7-1", "7-3", "7-4"})
    assert list(found) == ["7-1"]
    start, end = found["7-1"]
    assert end == pytest.approx(ended, abs=0.001)  # the log's times are to the millisecond
    assert end - start == pytest.approx(0.0125, abs=1e-6)


def test_attach_served_matches_across_the_rotated_logs(tmp_path):
    t = time.time()
    (tmp_path / "gateway.log.1").write_text(access_line("1-0", t, 30.0) + "\n")
    (tmp_path / "gateway.log").write_text(access_line("2-0", t + 5, 10.0) + "\n")
    windows = [
        {"slowest_calls": [{"request_id": "1-0"}, {"request_id": "9-9"}]},
        {"slowest_calls": [{"request_id": "2-0"}]},
        {},
    ]
    logs = call_split.gateway_logs(tmp_path)
    assert {p.name for p in logs} == {"gateway.log", "gateway.log.1"}
    assert call_split.attach_served(windows, logs) == 2
    first, unknown = windows[0]["slowest_calls"]
    assert first["finished"] == pytest.approx(t, abs=0.001) and "handled" not in unknown
    second = windows[1]["slowest_calls"][0]
    assert second["finished"] - second["handled"] == pytest.approx(0.01, abs=1e-6)


def call(due: float, lag: float, to_gateway: float, in_gateway: float, back: float) -> dict:
    sent = due + lag / 1000
    handled = sent + to_gateway / 1000
    finished = handled + in_gateway / 1000
    done = finished + back / 1000
    return {"due": due, "sent": sent, "handled": handled, "finished": finished, "done": done}


def test_a_calls_parts_add_up_to_its_latency():
    c = call(1000.0, 1.0, 60.0, 25.0, 4.0)
    parts = call_split.parts_ms(c)
    assert parts == pytest.approx({"lag": 1.0, "to_gateway": 60.0, "in_gateway": 25.0, "back": 4.0})
    assert sum(parts.values()) == pytest.approx(1000 * (c["done"] - c["due"]))


def test_split_gives_medians_and_shares_of_the_matched_calls():
    calls = [
        call(0.0, 1.0, 60.0, 20.0, 19.0),
        call(0.0, 3.0, 10.0, 80.0, 7.0),
        call(0.0, 2.0, 30.0, 60.0, 8.0),
        {"due": 0.0, "sent": 0.1, "done": 9.0},  # not in the gateway's log: left out
    ]
    s = call_split.split(calls)
    assert s["calls"] == 3
    assert (s["median_lag_ms"], s["median_to_gateway_ms"], s["median_in_gateway_ms"], s["median_back_ms"]) == (
        2.0,
        30.0,
        60.0,
        8.0,
    )
    assert s["share_in_gateway"] == pytest.approx(160 / 300, abs=0.001)
    assert sum(s[f"share_{p}"] for p in call_split.PARTS) == pytest.approx(1.0, abs=0.002)


def test_split_of_no_matched_call_is_none():
    assert call_split.split([{"due": 0.0, "sent": 0.0, "done": 1.0}]) is None
