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
    """A number for the header badge of a signed-in person (for example unread notifications)."""

    key: str
    count: Callable[[Any], int]  # user -> int; cheap: one COUNT per request at most


MENU: Registry[MenuItem] = Registry("menu item", sort_key=lambda m: (m.order, m.key))
HEADER_COUNTERS: Registry[HeaderCounter] = Registry("header counter")
