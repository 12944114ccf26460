"""The catalogue of notification events: features register their event types here (a low module)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

MODES = ("immediate", "digest", "off")

MODE_LABELS: dict[str, Any] = {
    "immediate": _l("Immediately by e-mail"),
    "digest": _l("Once a day, in one e-mail with an overview"),
    "off": _l("No e-mail (you still see it on this site)"),
}

_KEY = re.compile(r"[a-z][a-z0-9_]{0,63}")


@dataclass(frozen=True)
class EventType:
    key: str
    label: Any  # a LazyString: shown in the person's language
    description: Any = ""
    default_mode: str = "immediate"


_EVENTS: dict[str, EventType] = {}


def register_event(key: str, label: Any, description: Any = "", default_mode: str = "immediate") -> EventType:
    """Make an event type known (at import time). Registering the same key again replaces it."""
    if not _KEY.fullmatch(key):
        raise ValueError(f"event key {key!r}: use lower-case letters, digits and _ (at most 64)")
    if default_mode not in MODES:
        raise ValueError(f"default_mode {default_mode!r} is not one of {MODES}")
    event = EventType(key=key, label=label, description=description, default_mode=default_mode)
    _EVENTS[key] = event
    return event


def event_types() -> list[EventType]:
    """Every registered event type, in the order they were registered."""
    return list(_EVENTS.values())


def get_event(key: str) -> EventType | None:
    return _EVENTS.get(key)


register_event(
    "welcome", _l("Welcome"),
    _l("A short welcome when you have confirmed your e-mail address."))
