"""The one shape every registry has: typed entries with a key, added by the factory from the manifests."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Generic, Protocol, TypeVar

KEY = re.compile(r"[a-z][a-z0-9_]{0,63}")


class Keyed(Protocol):
    @property
    def key(self) -> str: ...


E = TypeVar("E", bound=Keyed)


def check_key(key: str, what: str) -> None:
    """Keys are stable identifiers (stored in the database, used in URLs): lower-case letters, digits and _."""
    if not KEY.fullmatch(key):
        raise ValueError(f"{what} key {key!r}: use lower-case letters, digits and _ (at most 64)")


class Registry(Generic[E]):
    """Entries by key. `add` is the one way in (the factory calls it for each manifest entry); adding the same
    key again replaces the entry, so building a second app in the same process changes nothing."""

    def __init__(self, what: str, sort_key: Callable[[E], Any] | None = None) -> None:
        self.what = what
        self._sort_key = sort_key
        self._entries: dict[str, E] = {}

    def add(self, entry: E) -> E:
        check_key(entry.key, self.what)
        self._entries[entry.key] = entry
        return entry

    def get(self, key: str) -> E | None:
        return self._entries.get(key)

    def all(self) -> list[E]:
        """Every entry, in its sort order (or in the order they were added)."""
        entries = list(self._entries.values())
        return sorted(entries, key=self._sort_key) if self._sort_key is not None else entries

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    @contextmanager
    def isolated(self, *entries: E) -> Iterator[Registry[E]]:
        """For tests: only `entries` are registered inside the block; what was there comes back afterwards."""
        saved = self._entries
        self._entries = {}
        try:
            for entry in entries:
                self.add(entry)
            yield self
        finally:
            self._entries = saved
