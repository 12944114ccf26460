"""What features add to every page: entries of the main menu and counters for the header badge."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wijkhulp.registry.base import Registry


@dataclass(frozen=True)
class MenuItem:
    key: str
    endpoint: str
    label: Any  # a lazy string
    order: int = 50


@dataclass(frozen=True)
class HeaderCounter:
    """A link in the account part of the header for a signed-in person, with a badge: its number (for example
    unread notifications, conversations with a new message) when above zero."""

    key: str
    count: Callable[[Any], int]  # user -> int; cheap: one COUNT per request at most
    endpoint: str = ""  # where the link goes; without one the counter has no link of its own
    label: Any = ""  # a lazy string
    order: int = 50

    def __post_init__(self) -> None:
        if bool(self.endpoint) != bool(self.label):
            raise ValueError(f"header counter {self.key!r}: give both an endpoint and a label, or neither")


MENU: Registry[MenuItem] = Registry("menu item", sort_key=lambda m: (m.order, m.key))
HEADER_COUNTERS: Registry[HeaderCounter] = Registry("header counter", sort_key=lambda c: (c.order, c.key))
