"""Two small caches: rendered fragments in each process, and shared figures (Redis when REDIS_URL is set).

`fragments` holds HTML whose key covers everything the fragment shows (a listing card: its id and updated_at, the
locale, the author's public name, ...), so an entry can never be stale, only unused; it stays in the process
(no network round trip per card) and is bounded. `shared` holds values that may be up to `timeout` seconds old
(the public impact figures): Redis when REDIS_URL is set, so every worker sees the same entry, else per process.
Both fail open: a broken cache means computing again, never an error page.

Flask-Caching's "simple" and "redis" backends do the same; this module avoids the extra dependency and adds the
bounded LRU the fragment cache needs.
"""

from __future__ import annotations

import logging
import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from flask import Flask, current_app

log = logging.getLogger(__name__)
_MISSING = object()


class MemoryCache:
    """A bounded, thread-safe LRU with an optional time-out per entry."""

    def __init__(self, max_entries: int = 5000) -> None:
        self.max_entries = max_entries
        self._data: OrderedDict[Hashable, tuple[float | None, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, default: Any = None) -> Any:
        with self._lock:
            entry = self._data.get(key, _MISSING)
            if entry is _MISSING:
                return default
            expires, value = entry  # type: ignore[misc]
            if expires is not None and expires <= time.monotonic():
                del self._data[key]
                return default
            self._data.move_to_end(key)
            return value

    def set(self, key: Hashable, value: Any, timeout: float | None = None) -> None:
        expires = None if timeout is None else time.monotonic() + timeout
        with self._lock:
            self._data[key] = (expires, value)
            self._data.move_to_end(key)
            while len(self._data) > self.max_entries:
                self._data.popitem(last=False)

    def delete(self, key: Hashable) -> None:
        with self._lock:
            self._data.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)


class RedisCache:
    """Pickled values under a key prefix in Redis; errors are logged and read as a miss."""

    def __init__(self, url: str, prefix: str = "wijkhulp:cache:") -> None:
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self.prefix = prefix

    def get(self, key: str, default: Any = None) -> Any:
        try:
            raw = self.client.get(self.prefix + key)
        except Exception:  # noqa: BLE001  (Redis down: compute again)
            log.warning("cache: Redis did not answer; computing again", exc_info=True)
            return default
        return default if raw is None else pickle.loads(raw)  # noqa: S301  (only this app writes here)

    def set(self, key: str, value: Any, timeout: float | None = None) -> None:
        try:
            self.client.set(self.prefix + key, pickle.dumps(value), ex=None if timeout is None else int(timeout))
        except Exception:  # noqa: BLE001
            log.warning("cache: Redis did not store the value", exc_info=True)

    def delete(self, key: str) -> None:
        try:
            self.client.delete(self.prefix + key)
        except Exception:  # noqa: BLE001
            log.warning("cache: Redis did not delete the value", exc_info=True)

    def clear(self) -> None:
        try:
            for key in self.client.scan_iter(self.prefix + "*"):
                self.client.delete(key)
        except Exception:  # noqa: BLE001
            log.warning("cache: Redis did not clear", exc_info=True)


def init_app(app: Flask) -> None:
    """CACHE_TYPE: 'simple' (default: per process), 'redis' (REDIS_URL), or 'null' (no shared cache: tests)."""
    kind = app.config.get("CACHE_TYPE") or ("redis" if app.config.get("REDIS_URL") else "simple")
    shared: Any
    if kind == "redis" and app.config.get("REDIS_URL"):
        shared = RedisCache(str(app.config["REDIS_URL"]), prefix=str(app.config.get("CACHE_KEY_PREFIX",
                                                                                      "wijkhulp:cache:")))
    elif kind == "null":
        shared = None
    else:
        shared = MemoryCache(max_entries=1000)
    app.extensions["wijkhulp_cache"] = {"fragments": MemoryCache(int(app.config.get("FRAGMENT_CACHE_SIZE", 5000))),
                                        "shared": shared}


def fragments() -> MemoryCache:
    return current_app.extensions["wijkhulp_cache"]["fragments"]


def cached(key: str, timeout: float, compute: Callable[[], Any]) -> Any:
    """The shared cache's value for key, or compute() stored for `timeout` seconds."""
    store = current_app.extensions["wijkhulp_cache"]["shared"]
    if store is None:
        return compute()
    value = store.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        store.set(key, value, timeout)
    return value
