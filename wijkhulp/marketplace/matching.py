"""Pure marketplace rules: radii, which listings match, who is requester and helper, and the nearest-areas-first
walk used by the nearby search and the suggestions. No Flask, no database."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

RADII = (1, 2, 5, 10, 25)
REQUEST = "request"
OFFER = "offer"

# The walk asks the database for 1 area first, then 2, 4, ...: a dense city centre is served by the
# nearest area alone, a rural point reaches its far neighbours in a few round trips.
FIRST_BATCH = 1
LARGEST_BATCH = 64


def opposite(kind: str) -> str:
    return OFFER if kind == REQUEST else REQUEST


def valid_radius(value: Any) -> int | None:
    """'5' or 5 -> 5 when it is one of RADII; None otherwise."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if number in RADII else None


def match_limit_km(radius_a: int, radius_b: int) -> int:
    """A request and an offer match up to the smaller radius: how far help may come from, how far a helper goes."""
    return min(radius_a, radius_b)


class Matchable(Protocol):
    kind: Any
    category_id: int
    author_id: int
    radius_km: int


def is_match(a: Matchable, b: Matchable, distance_km: float, *, a_open: bool = True, b_open: bool = True) -> bool:
    """Opposite kinds, same category, both open, different owners, centroid distance within both radii."""
    return (a_open and b_open and str(a.kind) == opposite(str(b.kind)) and a.category_id == b.category_id
            and a.author_id != b.author_id and distance_km <= match_limit_km(a.radius_km, b.radius_km))


def parties(listing_kind: str, owner_id: int, responder_id: int) -> tuple[int, int]:
    """(requester, helper): the owner of a request is helped by the responder; the owner of an offer helps."""
    return (owner_id, responder_id) if str(listing_kind) == REQUEST else (responder_id, owner_id)


# ---------------------------------------------------------------- nearest areas first

Area = tuple[str, float]  # (pc4, distance in km), as geo.services.areas_within gives them


def area_batches(areas: Sequence[Area], first: int = FIRST_BATCH, largest: int = LARGEST_BATCH) -> Iterator[list[Area]]:
    """Consecutive slices of growing size; a slice never splits areas at exactly the same distance."""
    start, size = 0, max(1, first)
    while start < len(areas):
        end = min(len(areas), start + size)
        while end < len(areas) and areas[end][1] == areas[end - 1][1]:
            end += 1
        yield list(areas[start:end])
        start, size = end, min(largest, size * 2)


@dataclass(frozen=True)
class Hit:
    """One listing found by the walk: enough to order it and to fetch it."""

    id: int
    pc4: str
    created_at: datetime
    distance_km: float


def nearest_first(areas: Sequence[Area], fetch: Callable[[list[Area], int], list[tuple[int, str, datetime]]],
                  need: int) -> list[Hit]:
    """Walk the areas nearest first and collect `need` hits ordered by distance, then newest.

    `fetch(batch, limit)` returns up to `limit` rows (id, pc4, created_at) *per area* of the batch, newest first.
    Because each area gives its newest `limit` rows and areas come in distance order, the walk can stop as soon
    as the areas seen so far hold `need` rows: every later area is farther away.
    """
    if need <= 0:
        return []
    hits: list[Hit] = []
    for batch in area_batches(areas):
        distance = dict(batch)
        rows = fetch(batch, need - len(hits))
        hits.extend(Hit(i, pc4, created, distance[pc4]) for i, pc4, created in rows)
        if len(hits) >= need:
            break
    hits.sort(key=lambda h: (h.distance_km, -h.created_at.timestamp(), -h.id))
    return hits[:need]
