"""One JSON object per line: request logs and job logs, for a log collector (Loki, ELK, Kubernetes)."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

# Fields a record may carry as `extra=`; anything else a library adds stays out (it may hold personal data).
FIELDS = ("request_id", "method", "path", "status", "duration_ms", "user_id", "job", "result")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in FIELDS:
            if hasattr(record, field):
                entry[field] = getattr(record, field)
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def use_json(logger_names: tuple[str, ...] = ("wijkhulp", "flask-limiter"), level: int = logging.INFO) -> None:
    """Send these loggers (and the root logger's warnings) to standard error as JSON lines, once."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    handler.set_name("wijkhulp-json")
    for name in ("",) + logger_names:
        logger = logging.getLogger(name)
        if any(h.get_name() == "wijkhulp-json" for h in logger.handlers):
            continue
        if name:
            logger.setLevel(level)
            logger.propagate = False
        else:
            logger.setLevel(logging.WARNING)
        logger.addHandler(handler)
