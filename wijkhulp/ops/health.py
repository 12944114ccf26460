"""Is the database there, is Redis there: answered within a short time, whatever the state of either."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import text

from wijkhulp.extensions import db


@dataclass(frozen=True)
class Probe:
    state: str   # "ok", "down", "timeout", or "not configured" (Redis)
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.state == "ok"


def database(timeout: float | None = None) -> Probe:
    """SELECT 1 on a pooled connection, given `timeout` seconds (READYZ_TIMEOUT). A hanging database is a
    timeout, not a hanging probe: the query runs in a thread that is left behind if it does not come back."""
    timeout = float(current_app.config.get("READYZ_TIMEOUT", 2.0) if timeout is None else timeout)
    engine = db.engine
    outcome: list[Probe] = []

    def ask() -> None:
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            outcome.append(Probe("ok"))
        except Exception as exc:  # whatever the driver raises: the database does not answer
            outcome.append(Probe("down", type(exc).__name__))

    worker = threading.Thread(target=ask, name="readyz-database", daemon=True)
    worker.start()
    worker.join(timeout)
    return outcome[0] if outcome else Probe("timeout", f"no answer within {timeout:g} s")


def redis(timeout: float = 0.3) -> Probe:
    """PING the Redis of REDIS_URL. Optional: its state is reported, never a reason to refuse traffic."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return Probe("not configured")
    import redis as redis_client  # installed with flask-limiter[redis]

    try:
        client = redis_client.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
        try:
            client.ping()
        finally:
            client.close()
    except Exception as exc:  # connection refused, timeout, authentication
        return Probe("down", type(exc).__name__)
    return Probe("ok")
