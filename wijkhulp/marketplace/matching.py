"""Pure marketplace rules: radii, which listings match, who is requester and helper, text checks, and the
nearest-areas-first walk used by the nearby search and the suggestions. No Flask, no database."""

from __future__ import annotations

import math
import re
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


# ---------------------------------------------------------------- text

_SPACES = re.compile(r"[ \t\f\v]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_line(text: str | None) -> str:
    """One line of plain text: surrounding and repeated spaces removed."""
    return _SPACES.sub(" ", (text or "").replace("\r", " ").replace("\n", " ")).strip()


def clean_text(text: str | None) -> str:
    """Plain text with paragraphs: Windows line ends unified, at most one empty line in a row."""
    lines = [_SPACES.sub(" ", line).strip() for line in (text or "").replace("\r\n", "\n").replace("\r", "\n")
             .split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def search_words(query: str | None, limit: int = 5) -> list[str]:
    """'  Boodschappen  Maarssen ' -> ['boodschappen', 'maarssen']; short words and extra words are dropped."""
    words = [w for w in re.split(r"\s+", (query or "").strip().lower()) if len(w) >= 2]
    return list(dict.fromkeys(words))[:limit]


def like_pattern(word: str) -> str:
    """A LIKE pattern for 'word' anywhere, with % and _ escaped (use escape='\\')."""
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def parse_hours(raw: str | None) -> int | None:
    """'1,5' or '1.5' or '2' hours -> minutes (90, 90, 120); '' -> None; ValueError when it is not 0..24 hours."""
    text = (raw or "").strip().replace(",", ".")
    if not text:
        return None
    if not re.fullmatch(r"\d{1,2}(\.\d{1,2})?", text):
        raise ValueError(raw)
    minutes = round(float(text) * 60)
    if minutes < 0 or minutes > 24 * 60:
        raise ValueError(raw)
    return minutes


def format_hours(minutes: int | None) -> str:
    """90 -> '1,5'; 120 -> '2' (Dutch decimal comma)."""
    if not minutes:
        return "0"
    hours = minutes / 60
    return str(int(hours)) if hours == int(hours) else f"{hours:.1f}".replace(".", ",")


def days_ago(then: datetime, now: datetime) -> int:
    return max(0, math.floor((now - then).total_seconds() / 86400))


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
