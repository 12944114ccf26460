"""The SQL statements a block of code sends, for statement-count tests (an N+1 makes the count grow)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask
from sqlalchemy import event

from wijkhulp.extensions import db


@contextmanager
def recorded_statements(app: Flask, *, ignore: str | None = None) -> Iterator[list[str]]:
    """Every statement sent inside the block; `ignore` leaves out those that mention it (e.g. "outbox_mail":
    mail delivered after a request in development, not the page's own work)."""
    seen: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if ignore is None or ignore not in statement:
            seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)
