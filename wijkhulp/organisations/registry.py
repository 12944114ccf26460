"""What an organisation did on the site, by feature: higher features (ideas, marketplace) register a section
here, so the public organisation page can list pledges and offers without importing those features."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wijkhulp.organisations.models import Organisation


@dataclass(frozen=True)
class ActivitySection:
    key: str
    title: Any  # a lazy string
    template: str  # included with `items` (what `load` returned) and `organisation`
    load: Callable[["Organisation"], list[Any]]
    order: int = 50
    empty_text: Any = ""


_SECTIONS: dict[str, ActivitySection] = {}


def register_activity_section(key: str, *, title: Any, template: str, load: Callable[["Organisation"], list[Any]],
                              order: int = 50, empty_text: Any = "") -> None:
    """Add a section to the public organisation page (at import time). The same key again replaces it."""
    _SECTIONS[key] = ActivitySection(key=key, title=title, template=template, load=load, order=order,
                                     empty_text=empty_text)


def activity_sections() -> list[ActivitySection]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))
