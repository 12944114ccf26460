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
    """Write log records as JSON lines to standard error: one handler on the root logger (added once), and these
    loggers at `level`. Propagation is left alone, so anything else that listens (a test's capture) still hears."""
    root = logging.getLogger()
    if not any(h.get_name() == "wijkhulp-json" for h in root.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter())
        handler.set_name("wijkhulp-json")
        root.addHandler(handler)
    if root.level == logging.NOTSET:
        root.setLevel(logging.WARNING)
    for name in logger_names:
        logging.getLogger(name).setLevel(level)
    from flask.logging import default_handler  # Flask's plain-text handler on app.logger would write each twice

    logging.getLogger("wijkhulp").removeHandler(default_handler)
