"""JSON logging with the request id (and caller) of the current RPC or event."""

from __future__ import annotations

import contextvars
import logging
import logging.config

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
        return True


def logging_config(service: str, level: str = "INFO") -> dict:
    """A dictConfig sending every record to stdout as one JSON object per line."""
    level = level.upper()
    quiet = "WARNING" if logging.getLevelName(level) <= logging.WARNING else level
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": ContextFilter, "service": service}},
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "{asctime}{levelname}{name}{message}{service}{request_id}{user_id}",
                "style": "{",
                "rename_fields": {"asctime": "ts", "levelname": "level", "name": "logger"},
            }
        },
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "filters": ["context"],
                "formatter": "json",
            }
        },
        "root": {"level": level, "handlers": ["stdout"]},
        "loggers": {name: {"level": quiet} for name in ("aiokafka", "neo4j", "kafka", "yoyo")},
    }


def configure_logging(service: str, level: str = "INFO") -> None:
    logging.config.dictConfig(logging_config(service, level))
