"""Where a slow call's time went, seen from both ends: the load generator's clock (when the call
was due, sent and answered) against the gateway's access log (when its interceptors began and
ended, `duration_ms` before the line's time), matched by the call's request id (x-request-id).

  lag            due -> sent         the generator was late sending it (its own event loop)
  to_gateway     sent -> handled     on the way in: the client's and the gateway's gRPC cores, and
                                     the wait in the gateway's event loop for its turn
  in_gateway     handled -> done     the gateway's interceptors and handler: admission (Redis), the
                                     feed reads it answers itself, the backend it forwards to
  back           done -> answered    on the way back, to the generator's event loop

Both clocks are this machine's wall clock (the generator's as time.time(), the log's to the ms).
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

PARTS = ("lag", "to_gateway", "in_gateway", "back")
ACCESS_LOGGER = "kith.access"


def _log_time(text: str) -> float:
    """The logging module's asctime ('2026-12-06 08:41:28,009', local time) as Unix time."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S,%f").timestamp()


def served(lines: Iterable[str], request_ids: set[str]) -> dict[str, tuple[float, float]]:
    """request id -> (start, end) as Unix time, for the calls among `request_ids` that the
    gateway's access log lines record."""
    found: dict[str, tuple[float, float]] = {}
    for line in lines:
        if ACCESS_LOGGER not in line:
            continue
        try:
            record = json.loads(line)
            request_id = record["request_id"]
            if request_id in request_ids and record["logger"] == ACCESS_LOGGER:
                end = _log_time(record["ts"])
                found[request_id] = (end - record["duration_ms"] / 1000, end)
        except (ValueError, KeyError, TypeError):
            continue
    return found


def gateway_logs(logs: Path) -> list[Path]:
    """The gateway's log and its rotated predecessors, oldest first."""
    return sorted(logs.glob("gateway.log*"), key=lambda p: p.stat().st_mtime)


def attach_served(windows: list[dict], logs: list[Path]) -> int:
    """Adds the gateway's start and end (`handled`, `finished`) to each window's slowest calls that
    its access log records; how many it found."""
    calls = [c for w in windows for c in w.get("slowest_calls", [])]
    wanted = {c["request_id"] for c in calls}
    times: dict[str, tuple[float, float]] = {}
    for path in logs:
        with path.open(errors="replace") as lines:
            times |= served(lines, wanted)
    for c in calls:
        if c["request_id"] in times:
            c["handled"], c["finished"] = times[c["request_id"]]
    return sum(1 for c in calls if "handled" in c)


def parts_ms(call: dict) -> dict[str, float]:
    """A matched call's time in its four parts (ms; they add up to its latency)."""
    return {
        "lag": 1000 * (call["sent"] - call["due"]),
        "to_gateway": 1000 * (call["handled"] - call["sent"]),
        "in_gateway": 1000 * (call["finished"] - call["handled"]),
        "back": 1000 * (call["done"] - call["finished"]),
    }


def split(calls: list[dict]) -> dict | None:
    """Over the matched calls: how many, and each part's median (ms) and share of their latency.
    None when none is matched."""
    matched = [parts_ms(c) for c in calls if "handled" in c]
    if not matched:
        return None
    total = sum(sum(p.values()) for p in matched)
    return {
        "calls": len(matched),
        **{f"median_{part}_ms": round(statistics.median(p[part] for p in matched), 1) for part in PARTS},
        **{f"share_{part}": round(sum(p[part] for p in matched) / total, 3) if total else None for part in PARTS},
    }
