"""The catalogue of notification events: each feature's manifest declares the events it sends."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wijkhulp.registry.base import Registry, check_key

MODES = ("immediate", "digest", "off")


@dataclass(frozen=True)
class EventType:
    key: str
    label: Any  # a lazy string: shown in the person's language
    description: Any = ""
    default_mode: str = "immediate"

    def __post_init__(self) -> None:
        check_key(self.key, "event")
        if self.default_mode not in MODES:
            raise ValueError(f"default_mode {self.default_mode!r} is not one of {MODES}")


EVENTS: Registry[EventType] = Registry("event")


def event_types() -> list[EventType]:
    """Every registered event type, in the order the features were installed."""
    return EVENTS.all()


def get_event(key: str) -> EventType | None:
    return EVENTS.get(key)
