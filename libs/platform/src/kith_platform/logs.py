"""JSON logging with the request id (and caller) of the current RPC or event, and the trace and
span ids when tracing is on."""

from __future__ import annotations

import contextvars
import logging
import logging.config
from dataclasses import dataclass

from kith_platform.tracing import current_ids

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
user_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("user_id", default="")


class ContextFilter(logging.Filter):
    """Adds the service name and the current request id and caller to every record."""

    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def filter(self, record: logging.LogRecord) -> bool:
        record.service = self.service
        record.request_id = request_id_var.get()
        record.user_id = user_id_var.get()
        if not getattr(record, "trace_id", ""):  # a span exporter's line names its own
            record.trace_id, record.span_id = current_ids()
        return True


class RepeatFilter(logging.Filter):
    """Lets the same message from the same logger through at most once per `seconds`, and
    says how many were held back: a client library retrying an unreachable server (aiokafka
    logs an ERROR per attempt) must not flood the logs during an outage."""

    def __init__(self, seconds: float = 10.0) -> None:
        super().__init__()
        self.seconds = seconds
        self._seen: dict[tuple[str, str], tuple[float, int]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        key = (record.name, str(record.msg))
        last, held = self._seen.get(key, (0.0, 0))
        if record.created - last < self.seconds:
            self._seen[key] = (last, held + 1)
            return False
        if len(self._seen) > 10_000:
            self._seen.clear()
        self._seen[key] = (record.created, 0)
        if held:
            record.msg = f"{record.msg} ({held} more like it in the last {self.seconds:.0f}s)"
        return True


def logging_config(service: str, level: str = "INFO") -> dict:
    """A dictConfig sending every record to stdout as one JSON object per line."""
    level = level.upper()
    quiet = "WARNING" if logging.getLevelName(level) <= logging.WARNING else level
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": ContextFilter, "service": service}, "repeats": {"()": RepeatFilter}},
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "{asctime}{levelname}{name}{message}{service}{request_id}{user_id}{trace_id}{span_id}",
                "style": "{",
                "rename_fields": {"asctime": "ts", "levelname": "level", "name": "logger"},
            }
        },
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "filters": ["repeats", "context"],
                "formatter": "json",
            }
        },
        "root": {"level": level, "handlers": ["stdout"]},
        "loggers": {name: {"level": quiet} for name in ("aiokafka", "neo4j", "kafka", "yoyo")},
    }


@dataclass
class AccessLogPolicy:
    """Which RPCs get a `kith.access` line. `all`: every one (the gateway's default: the edge
    logs each call once, with its request id). `failures`: those that did not end OK or took
    `slow_seconds` or more (the backends' default: a line per hop per call was 3 to 5% of a
    backend's CPU under load, and the gateway's line already names every call). Every RPC is
    counted in `kith_rpc_duration_seconds` either way."""

    every_call: bool = True
    slow_seconds: float = 0.25

    def wants(self, code: str, elapsed: float) -> bool:
        return self.every_call or code != "OK" or elapsed >= self.slow_seconds


access_log_policy = AccessLogPolicy()
ACCESS_LOG_CHOICES = ("all", "failures")


def configure_logging(service: str, level: str = "INFO", access_log: str = "all", slow_ms: float = 250) -> None:
    if access_log not in ACCESS_LOG_CHOICES:
        raise ValueError(f"KITH_ACCESS_LOG: expected one of {', '.join(ACCESS_LOG_CHOICES)}, not {access_log!r}")
    access_log_policy.every_call = access_log == "all"
    access_log_policy.slow_seconds = slow_ms / 1000
    logging.config.dictConfig(logging_config(service, level))
