"""Postcode areas: lookup, place search, areas within a radius (cached in memory) and import."""

from __future__ import annotations

import math
import re
import threading
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from geopy.distance import great_circle
from sqlalchemy import delete, func, select

from wijkhulp.errors import DomainError
from wijkhulp.extensions import db
from wijkhulp.geo.models import PostcodeArea
from wijkhulp.geo.postcodes import (AreaRecord, normalise_pc4, normalise_postcode, parse_pc4_list,
                                    parse_postcode_file)

CACHE_SECONDS = 300.0
_WITHIN_CACHE_SIZE = 20000


class InvalidPostcode(DomainError):
    default_message = _l("Enter a Dutch postcode: four digits and two letters, for example 3511 AB.")


class UnknownPostcode(DomainError):
    default_message = _l("We do not know this postcode. Check it and try again, for example 3601 AB.")


class PlaceNotFound(DomainError):
    default_message = _l("We could not find that postcode or place. Try four digits, such as 3601, or a "
                         "place name, such as Breukelen.")


@dataclass(frozen=True)
class Area:
    pc4: str
    place: str
    province: str
    latitude: float
    longitude: float
    other_places: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.pc4} {self.place}"


class _AreaCache:
    """All areas of one database in memory (about 4,100 rows), refreshed every few minutes."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.by_db: dict[str, tuple[float, dict[str, Area], dict[tuple[str, float], tuple[tuple[str, float], ...]]]] = {}

    def get(self) -> tuple[dict[str, Area], dict[tuple[str, float], tuple[tuple[str, float], ...]]]:
        key = str(db.engine.url)
        now = time.monotonic()
        entry = self.by_db.get(key)
        if entry is None or now - entry[0] > CACHE_SECONDS:
            rows = db.session.scalars(select(PostcodeArea)).all()
            areas = {r.pc4: Area(r.pc4, r.place, r.province, r.latitude, r.longitude,
                                 tuple(filter(None, r.other_places.split("|")))) for r in rows}
            with self.lock:
                entry = (now, areas, {})
                self.by_db[key] = entry
        return entry[1], entry[2]

    def clear(self) -> None:
        with self.lock:
            self.by_db.clear()


_cache = _AreaCache()


def clear_cache() -> None:
    _cache.clear()


def all_areas() -> dict[str, Area]:
    return _cache.get()[0]


def get_area(pc4: str) -> Area | None:
    return all_areas().get(pc4)


def require_area(pc4: str, *, field: str | None = None) -> Area:
    """The area for a PC4 code; UnknownPostcode when it is not in the data."""
    area = get_area(pc4)
    if area is None:
        raise UnknownPostcode(field=field)
    return area


def known_pc4s(text: str, *, field: str | None = None) -> list[str]:
    """'3601-3612, 3621' -> the sorted PC4 codes in the postcode data.

    A range keeps the areas that exist (postcode numbers have gaps); a single code must exist.
    Raises InvalidPostcode for text that is no PC4 or range, UnknownPostcode naming the code or range.
    """
    areas = all_areas()
    codes: set[str] = set()
    for part in re.split(r"[\s,;]+", (text or "").strip()):
        if not part:
            continue
        try:
            expanded = parse_pc4_list(part)
        except ValueError:
            raise InvalidPostcode(_l("'%(part)s' is not a postcode area. Use four digits, such as 3601, or a "
                                     "range, such as 3601-3608.", part=part), field=field) from None
        found = [code for code in expanded if code in areas]
        if not found:
            if "-" in part:
                raise UnknownPostcode(_l("There are no postcode areas from %(start)s to %(end)s.",
                                         start=expanded[0], end=expanded[-1]), field=field)
            raise UnknownPostcode(_l("We do not know postcode area %(pc4)s. Check the four digits.",
                                     pc4=part), field=field)
        codes.update(found)
    return sorted(codes)


def resolve_postcode(raw: str, *, field: str | None = "postcode") -> tuple[str, Area]:
    """A full postcode as typed -> ('3601 AB', its area). Raises InvalidPostcode or UnknownPostcode."""
    postcode = normalise_postcode(raw or "")
    if postcode is None:
        raise InvalidPostcode(field=field)
    return postcode, require_area(postcode[:4], field=field)


def distance_km(pc4_a: str, pc4_b: str) -> float:
    """Distance between two area centroids (geopy great circle); raises UnknownPostcode."""
    a, b = require_area(pc4_a), require_area(pc4_b)
    return great_circle((a.latitude, a.longitude), (b.latitude, b.longitude)).km


def areas_within(pc4: str, km: float) -> tuple[tuple[str, float], ...]:
    """PC4 areas whose centroid lies within km of pc4's, nearest first, as (pc4, distance_km); cached."""
    areas, within = _cache.get()
    key = (pc4, float(km))
    hit = within.get(key)
    if hit is not None:
        return hit
    origin = areas.get(pc4)
    if origin is None:
        raise UnknownPostcode()
    dlat = km / 111.0
    dlon = km / (111.32 * max(0.1, math.cos(math.radians(origin.latitude))))
    found = []
    for area in areas.values():
        if abs(area.latitude - origin.latitude) > dlat or abs(area.longitude - origin.longitude) > dlon:
            continue
        d = great_circle((origin.latitude, origin.longitude), (area.latitude, area.longitude)).km
        if d <= km:
            found.append((area.pc4, round(d, 3)))
    found.sort(key=lambda item: (item[1], item[0]))
    result = tuple(found)
    if len(within) > _WITHIN_CACHE_SIZE:
        within.clear()
    within[key] = result
    return result


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("-", " ").strip()


def find_places(query: str, limit: int = 10) -> list[Area]:
    """Areas whose place name matches: exact names first, then names that start with the query."""
    wanted = _fold(query)
    if len(wanted) < 2:
        return []
    exact: list[Area] = []
    prefix: list[Area] = []
    for area in sorted(all_areas().values(), key=lambda a: a.pc4):
        names = [_fold(area.place), *(_fold(n) for n in area.other_places)]
        if wanted in names:
            exact.append(area)
        elif any(n.startswith(wanted) for n in names):
            prefix.append(area)
    return (exact + prefix)[:limit]


def locate(query: str) -> Area:
    """A PC4, a full postcode or a place name -> one area. Raises PlaceNotFound."""
    text = (query or "").strip()
    pc4 = normalise_pc4(text)
    if pc4 is not None:
        area = get_area(pc4)
        if area is None:
            raise UnknownPostcode(field="near")
        return area
    found = find_places(text, limit=1)
    if not found:
        raise PlaceNotFound(field="near")
    return found[0]


@dataclass
class ImportResult:
    added: int
    updated: int
    removed: int


def import_areas(lines: Iterable[str]) -> ImportResult:
    """Replace the postcode areas with those in a GeoNames NL.txt or project file. Commits.

    Raises PostcodeFileError (a ValueError) before anything is changed when the file cannot be read.
    """
    records: list[AreaRecord] = parse_postcode_file(lines)
    existing = {a.pc4: a for a in db.session.scalars(select(PostcodeArea))}
    added = updated = 0
    for rec in records:
        other = "|".join(rec.other_places)[:1000]
        row = existing.pop(rec.pc4, None)
        if row is None:
            db.session.add(PostcodeArea(pc4=rec.pc4, place=rec.place, province=rec.province,
                                        latitude=rec.latitude, longitude=rec.longitude, other_places=other))
            added += 1
        elif (row.place, row.province, row.latitude, row.longitude, row.other_places) != (
                rec.place, rec.province, rec.latitude, rec.longitude, other):
            row.place, row.province, row.latitude, row.longitude, row.other_places = (
                rec.place, rec.province, rec.latitude, rec.longitude, other)
            updated += 1
    if existing:
        db.session.execute(delete(PostcodeArea).where(PostcodeArea.pc4.in_(list(existing))))
    db.session.commit()
    clear_cache()
    return ImportResult(added=added, updated=updated, removed=len(existing))


def area_count() -> int:
    return db.session.scalar(select(func.count()).select_from(PostcodeArea)) or 0
