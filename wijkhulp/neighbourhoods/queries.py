"""Reads: neighbourhoods, their areas, and which neighbourhoods a PC4 lies in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from wijkhulp.extensions import db
from wijkhulp.geo import services as geo
from wijkhulp.neighbourhoods.models import (ManagerAssignment, Neighbourhood, NeighbourhoodArea,
                                            NeighbourhoodNotFound, slugify)


def all_neighbourhoods() -> list[Neighbourhood]:
    return list(db.session.scalars(
        select(Neighbourhood).options(selectinload(Neighbourhood.areas)).order_by(Neighbourhood.name)))


def get_neighbourhood(neighbourhood_id: int) -> Neighbourhood:
    """Raises NeighbourhoodNotFound."""
    neighbourhood = db.session.get(Neighbourhood, neighbourhood_id)
    if neighbourhood is None:
        raise NeighbourhoodNotFound()
    return neighbourhood


def find_by_name(name: str) -> Neighbourhood | None:
    """By name, ignoring case, accents, spaces and hyphens ('oud zuilen' finds 'Oud-Zuilen')."""
    slug = slugify(name or "")
    if not slug:
        return None
    return db.session.scalar(select(Neighbourhood).where(Neighbourhood.slug == slug))


def require_by_name(name: str) -> Neighbourhood:
    """Raises NeighbourhoodNotFound."""
    neighbourhood = find_by_name(name)
    if neighbourhood is None:
        raise NeighbourhoodNotFound()
    return neighbourhood


def neighbourhoods_for_pc4(pc4: str) -> list[Neighbourhood]:
    """The neighbourhoods that include this PC4 area, by name (often one, sometimes none or several)."""
    return list(db.session.scalars(
        select(Neighbourhood).join(NeighbourhoodArea).where(NeighbourhoodArea.pc4 == pc4)
        .order_by(Neighbourhood.name)))


def pc4s_of(neighbourhood_ids: Iterable[int]) -> list[str]:
    """All PC4 areas of these neighbourhoods together, sorted, each once."""
    ids = list(neighbourhood_ids)
    if not ids:
        return []
    return list(db.session.scalars(
        select(NeighbourhoodArea.pc4).where(NeighbourhoodArea.neighbourhood_id.in_(ids))
        .distinct().order_by(NeighbourhoodArea.pc4)))


def managed_neighbourhoods(user: Any) -> list[Neighbourhood]:
    """The neighbourhoods a community manager is assigned to, by name (admins: all of them)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    if user.is_admin:
        return all_neighbourhoods()
    if not user.is_manager:
        return []
    return list(db.session.scalars(
        select(Neighbourhood).join(ManagerAssignment).where(ManagerAssignment.user_id == user.id)
        .options(selectinload(Neighbourhood.areas)).order_by(Neighbourhood.name)))


@dataclass(frozen=True)
class ManagerScope:
    """Where someone may act as a manager. None: everywhere (admins); empty: nowhere."""

    pc4s: frozenset[str] | None
    neighbourhood_ids: frozenset[int] | None

    def covers_pc4(self, pc4: str | None) -> bool:
        """Content without an area belongs to admins only."""
        return self.pc4s is None or (pc4 is not None and pc4 in self.pc4s)

    def covers_neighbourhoods(self, neighbourhood_ids: Iterable[int]) -> bool:
        """All of these neighbourhoods; an empty set only for admins."""
        ids = set(neighbourhood_ids)
        return self.neighbourhood_ids is None or (bool(ids) and ids <= self.neighbourhood_ids)


EVERYWHERE = ManagerScope(None, None)
NOWHERE = ManagerScope(frozenset(), frozenset())


def manager_scope(user: Any) -> ManagerScope:
    """The one answer to "which PC4 areas and neighbourhoods may this person act on as a manager": everywhere for
    active admins, the assigned neighbourhoods (and their areas) for active community managers, nowhere for
    everyone else."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOWHERE
    if user.is_admin:
        return EVERYWHERE
    if not user.is_manager:
        return NOWHERE
    ids = frozenset(db.session.scalars(select(ManagerAssignment.neighbourhood_id)
                                       .where(ManagerAssignment.user_id == user.id)))
    return ManagerScope(frozenset(pc4s_of(ids)) if ids else frozenset(), ids)


def manager_pc4s(user: Any) -> frozenset[str] | None:
    """The PC4 areas of `manager_scope(user)`: None means everywhere."""
    return manager_scope(user).pc4s


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(Neighbourhood)) or 0


@dataclass(frozen=True)
class AreaLabel:
    pc4: str
    place: str | None  # None: the PC4 is no longer in the postcode data

    @property
    def label(self) -> str:
        return f"{self.pc4} {self.place}" if self.place else self.pc4


def area_labels(pc4s: Iterable[str]) -> list[AreaLabel]:
    """'3601' -> 3601 Maarssen, for showing which places a list of areas covers."""
    labels = []
    for pc4 in pc4s:
        area = geo.get_area(pc4)
        labels.append(AreaLabel(pc4, area.place if area else None))
    return labels


def place_names(pc4s: Iterable[str]) -> list[str]:
    """The distinct place names of these areas, in order of first appearance."""
    names: list[str] = []
    for label in area_labels(pc4s):
        if label.place and label.place not in names:
            names.append(label.place)
    return names
