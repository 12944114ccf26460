"""Reads for the dashboard and the impact page: every registered figure and series, computed for a scope."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from wijkhulp import cache
from wijkhulp.registry import metrics as catalogue
from wijkhulp.errors import NotAllowed
from wijkhulp.extensions import db
from wijkhulp.dashboard import permissions
from wijkhulp.neighbourhoods import queries as neighbourhoods
from wijkhulp.neighbourhoods.models import Neighbourhood

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Scope:
    pc4s: frozenset[str] | None  # None: everywhere
    neighbourhood: Neighbourhood | None  # None: all (of the manager's) neighbourhoods


@dataclass
class FigureValue:
    figure: catalogue.Figure
    value: Any  # a number, a Measure or None
    failed: bool = False


@dataclass
class SeriesValue:
    series: catalogue.Series
    rows: list[tuple[Any, ...]]
    failed: bool = False


@dataclass
class Section:
    title: Any
    figures: list[FigureValue] = field(default_factory=list)
    series: list[SeriesValue] = field(default_factory=list)


def manager_scope(user: Any, neighbourhood_id: int | None) -> Scope:
    """The PC4 areas the dashboard covers. Raises NeighbourhoodNotFound, or NotAllowed for a neighbourhood the
    manager does not look after."""
    if not permissions.can_view_dashboard(user):
        raise NotAllowed()
    if neighbourhood_id:
        neighbourhood = neighbourhoods.get_neighbourhood(neighbourhood_id)
        if not permissions.can_view_neighbourhood(user, neighbourhood):
            raise NotAllowed()
        return Scope(frozenset(neighbourhood.pc4s), neighbourhood)
    return Scope(neighbourhoods.manager_scope(user).pc4s, None)


def public_scope(neighbourhood_id: int | None) -> Scope:
    if neighbourhood_id:
        neighbourhood = neighbourhoods.get_neighbourhood(neighbourhood_id)
        return Scope(frozenset(neighbourhood.pc4s), neighbourhood)
    return Scope(None, None)


def _safely(compute: Any, pc4s: frozenset[str] | None, start: datetime, end: datetime, key: str) -> tuple[Any, bool]:
    """One broken figure must not take the whole dashboard down: it shows as 'not available'."""
    try:
        return compute(pc4s, start, end), False
    except Exception:
        log.exception("dashboard figure %s failed", key)
        db.session.rollback()
        return None, True


PUBLIC_CACHE_SECONDS = 60  # the public impact page may show figures up to a minute old


def _values(pc4s: frozenset[str] | None, start: datetime, end: datetime, public_only: bool
            ) -> dict[str, tuple[Any, bool]]:
    """Each registered figure's value (or series' rows) by key, with whether computing it failed."""
    values: dict[str, tuple[Any, bool]] = {}
    for item in (*catalogue.figures(public_only=public_only), *catalogue.series(public_only=public_only)):
        values[item.key] = _safely(item.compute, pc4s, start, end, item.key)
    return values


def _sections(values: dict[str, tuple[Any, bool]], public_only: bool) -> list[Section]:
    sections: dict[str, Section] = {}

    def section(title: Any) -> Section:
        return sections.setdefault(str(title), Section(title))

    items: list[tuple[int, str, Any]] = [(f.order, f.key, f) for f in catalogue.figures(public_only=public_only)]
    items += [(s.order, s.key, s) for s in catalogue.series(public_only=public_only)]
    for _order, key, item in sorted(items, key=lambda i: (i[0], i[1])):
        value, failed = values.get(key, (None, True))
        if isinstance(item, catalogue.Figure):
            section(item.section).figures.append(FigureValue(item, value, failed))
        else:
            section(item.section).series.append(SeriesValue(item, [tuple(r) for r in value or []], failed))
    return list(sections.values())


def compute(pc4s: frozenset[str] | None, start: datetime, end: datetime, *, public_only: bool = False
            ) -> list[Section]:
    """Every registered figure and series for these areas and [start, end), grouped in sections."""
    return _sections(_values(pc4s, start, end, public_only), public_only)


def compute_public(pc4s: frozenset[str] | None, start: datetime, end: datetime, locale: str) -> list[Section]:
    """The public figures, computed at most once a minute per scope and language (the cache's time-out): the
    impact page shows only counts over many people, so a minute's delay reveals nothing and costs nobody."""
    scope = "all" if pc4s is None else hashlib.sha256(",".join(sorted(pc4s)).encode()).hexdigest()[:32]
    key = f"impact:v1:{locale}:{start.isoformat()}:{scope}"
    values = cache.cached(key, PUBLIC_CACHE_SECONDS, lambda: _values(pc4s, start, end, True))
    return _sections(values, True)
