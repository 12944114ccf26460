"""Reads for the dashboard and the impact page: every registered figure and series, computed for a scope."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

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


def compute(pc4s: frozenset[str] | None, start: datetime, end: datetime, *, public_only: bool = False
            ) -> list[Section]:
    """Every registered figure and series for these areas and [start, end), grouped in sections."""
    sections: dict[str, Section] = {}

    def section(title: Any) -> Section:
        return sections.setdefault(str(title), Section(title))

    items: list[tuple[int, str, Any]] = [(f.order, f.key, f) for f in catalogue.figures(public_only=public_only)]
    items += [(s.order, s.key, s) for s in catalogue.series(public_only=public_only)]
    for _order, key, item in sorted(items, key=lambda i: (i[0], i[1])):
        if isinstance(item, catalogue.Figure):
            value, failed = _safely(item.compute, pc4s, start, end, key)
            section(item.section).figures.append(FigureValue(item, value, failed))
        else:
            rows, failed = _safely(item.compute, pc4s, start, end, key)
            section(item.section).series.append(SeriesValue(item, [tuple(r) for r in rows or []], failed))
    return list(sections.values())
