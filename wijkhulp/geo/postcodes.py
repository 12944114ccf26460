"""Pure postcode rules and postcode-file parsing; no Flask, no database."""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

_POSTCODE = re.compile(r"([1-9][0-9]{3}) ?([A-Z]{2})")
_PC4 = re.compile(r"[1-9][0-9]{3}")
NEVER_ISSUED = frozenset({"SA", "SD", "SS"})
EARTH_RADIUS_KM = 6371.0088

PROVINCES_NL = {
    "Drenthe": "Drenthe",
    "Flevoland": "Flevoland",
    "Friesland": "Friesland",
    "Fryslân": "Friesland",
    "Gelderland": "Gelderland",
    "Guelders": "Gelderland",
    "Groningen": "Groningen",
    "Limburg": "Limburg",
    "North Brabant": "Noord-Brabant",
    "Noord-Brabant": "Noord-Brabant",
    "North Holland": "Noord-Holland",
    "Noord-Holland": "Noord-Holland",
    "Overijssel": "Overijssel",
    "Utrecht": "Utrecht",
    "Zeeland": "Zeeland",
    "South Holland": "Zuid-Holland",
    "Zuid-Holland": "Zuid-Holland",
}

PROJECT_HEADER = ["pc4", "place", "province", "latitude", "longitude", "other_places"]


def normalise_postcode(raw: str) -> str | None:
    """'3511ab' or ' 3511 AB ' -> '3511 AB'; None when it is no valid Dutch postcode."""
    match = _POSTCODE.fullmatch(re.sub(r"\s+", " ", raw.strip().upper()))
    if match is None or match[2] in NEVER_ISSUED:
        return None
    return f"{match[1]} {match[2]}"


def normalise_pc4(raw: str) -> str | None:
    """'3601' or a full postcode -> '3601'; None otherwise."""
    text = raw.strip().upper()
    if _PC4.fullmatch(text):
        return text
    full = normalise_postcode(text)
    return full[:4] if full else None


def pc4_of(postcode: str) -> str:
    return postcode[:4]


def parse_pc4_list(text: str) -> list[str]:
    """'3601-3608, 3611 1393' -> sorted unique PC4 codes; raises ValueError on anything else."""
    codes: set[str] = set()
    for part in re.split(r"[\s,;]+", text.strip()):
        if not part:
            continue
        if "-" in part:
            start, _, end = part.partition("-")
            if not (_PC4.fullmatch(start) and _PC4.fullmatch(end)) or int(start) > int(end):
                raise ValueError(part)
            if int(end) - int(start) > 2000:
                raise ValueError(part)
            codes.update(str(n) for n in range(int(start), int(end) + 1))
        elif _PC4.fullmatch(part):
            codes.add(part)
        else:
            raise ValueError(part)
    return sorted(codes)


def compact_pc4_list(codes: Iterable[str]) -> str:
    """The inverse of parse_pc4_list: ['3601', '3602', '3611'] -> '3601-3602, 3611'."""
    numbers = sorted({int(c) for c in codes})
    parts: list[str] = []
    i = 0
    while i < len(numbers):
        j = i
        while j + 1 < len(numbers) and numbers[j + 1] == numbers[j] + 1:
            j += 1
        parts.append(str(numbers[i]) if i == j else f"{numbers[i]}-{numbers[j]}")
        i = j + 1
    return ", ".join(parts)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


DISTANCE_BANDS = ((1, "<1 km"), (2, "1–2 km"), (5, "2–5 km"), (10, "5–10 km"), (25, "10–25 km"))


def distance_band(km: float) -> str:
    """A coarse band, so that an exact distance never reveals where someone lives."""
    for limit, label in DISTANCE_BANDS:
        if km < limit:
            return label
    return ">25 km"


@dataclass
class AreaRecord:
    pc4: str
    place: str
    province: str
    latitude: float
    longitude: float
    other_places: list[str] = field(default_factory=list)


class PostcodeFileError(ValueError):
    """A postcode file that cannot be read; the message names the line."""


@dataclass
class _Row:
    pc4: str
    place: str
    province: str
    latitude: float
    longitude: float
    accuracy: int


# GeoNames spells some places differently from the municipality; the official spelling wins everywhere.
PLACE_SPELLINGS = {"Oud Zuilen": "Oud-Zuilen"}


def _rows_geonames(lines: Iterable[str]) -> Iterator[_Row]:
    """GeoNames postal-code dump: 12 tab-separated columns, no header (NL.txt)."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        cols = line.rstrip("\r\n").split("\t")
        if len(cols) != 12:
            raise PostcodeFileError(f"line {number}: expected 12 tab-separated columns, found {len(cols)}")
        if cols[0] != "NL":
            continue
        yield _row(number, cols[1][:4], cols[2], cols[3], cols[9], cols[10], cols[11])


_TABLE_COLUMNS = ("pc4", "place", "province", "latitude", "longitude")


def _rows_table(lines: Iterable[str]) -> Iterator[_Row]:
    """A table with a header: the shared GeoNames extract or the project's own file."""
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)  # written unquoted
    missing = set(_TABLE_COLUMNS) - set(reader.fieldnames or [])
    if missing:
        raise PostcodeFileError("line 1: missing columns " + ", ".join(sorted(missing)))
    for rec in reader:
        number = reader.line_num
        if any(rec.get(name) is None for name in _TABLE_COLUMNS):  # a short row: csv fills in None
            raise PostcodeFileError(f"line {number}: too few tab-separated columns")
        yield _row(number, rec["pc4"], rec["place"], rec["province"], rec["latitude"], rec["longitude"],
                   rec.get("accuracy") or "6")
        for other in filter(None, (rec.get("other_places") or "").split("|")):
            yield _row(number, rec["pc4"], other, rec["province"], rec["latitude"], rec["longitude"], "-1")


def _row(number: int, pc4: str, place: str, province: str, lat: str, lon: str, accuracy: str) -> _Row:
    pc4 = pc4.strip()
    if not _PC4.fullmatch(pc4):
        raise PostcodeFileError(f"line {number}: '{pc4}' is not a 4-digit postcode area")
    try:
        latitude, longitude = float(lat), float(lon)
        acc = int(accuracy) if accuracy.strip() else 0
    except ValueError:
        raise PostcodeFileError(f"line {number}: latitude, longitude or accuracy is not a number") from None
    if not (50.0 <= latitude <= 54.0 and 3.0 <= longitude <= 7.5):
        raise PostcodeFileError(f"line {number}: {latitude}, {longitude} lies outside the Netherlands")
    if not place.strip():
        raise PostcodeFileError(f"line {number}: the place name is empty")
    name = " ".join(place.split())
    return _Row(pc4, PLACE_SPELLINGS.get(name, name), PROVINCES_NL.get(province.strip(), province.strip()), latitude,
                longitude, acc)


def parse_postcode_file(lines: Iterable[str]) -> list[AreaRecord]:
    """One record per PC4: the centroid averaged over the rows with the best accuracy,
    the first place name among those, the other place names kept for searching."""
    lines = list(lines)
    if not lines:
        raise PostcodeFileError("the file is empty")
    first = lines[0].lstrip("\ufeff")
    lines[0] = first
    rows = _rows_table(lines) if first.split("\t", 1)[0].strip() == "pc4" else _rows_geonames(lines)
    grouped: dict[str, list[_Row]] = {}
    for row in rows:
        grouped.setdefault(row.pc4, []).append(row)
    if not grouped:
        raise PostcodeFileError("the file holds no Dutch postcode areas")
    records = []
    for pc4, group in grouped.items():
        best_acc = max(r.accuracy for r in group)
        best = [r for r in group if r.accuracy == best_acc]
        lat = sum(r.latitude for r in best) / len(best)
        lon = sum(r.longitude for r in best) / len(best)
        place = best[0].place
        others: list[str] = []
        for r in group:
            if r.place != place and r.place not in others:
                others.append(r.place)
        records.append(AreaRecord(pc4, place, best[0].province, round(lat, 5), round(lon, 5), others))
    records.sort(key=lambda r: r.pc4)
    return records


def write_project_file(records: Iterable[AreaRecord], out: Iterable[str] | None = None) -> str:
    lines = ["\t".join(PROJECT_HEADER)]
    for r in records:
        lines.append("\t".join([r.pc4, r.place, r.province, f"{r.latitude:.5f}".rstrip("0").rstrip("."),
                                f"{r.longitude:.5f}".rstrip("0").rstrip("."), "|".join(r.other_places)]))
    return "\n".join(lines) + "\n"
