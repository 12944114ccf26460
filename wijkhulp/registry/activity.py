"""What an organisation did on the site, by feature: the public organisation page lists the sections that higher
features (ideas, marketplace) declare, without importing those features."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wijkhulp.registry.base import Registry


@dataclass(frozen=True)
class ActivitySection:
    key: str
    title: Any  # a lazy string
    template: str  # included with `items` (what `load` returned) and `organisation`
    load: Callable[[Any], list[Any]]
    order: int = 50
    empty_text: Any = ""


ACTIVITY_SECTIONS: Registry[ActivitySection] = Registry("activity section", sort_key=lambda s: (s.order, s.key))


def activity_sections() -> list[ActivitySection]:
    return ACTIVITY_SECTIONS.all()
