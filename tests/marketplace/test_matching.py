"""Pure marketplace rules: no app, no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from wijkhulp.marketplace import matching
from wijkhulp.text import clean_line, clean_text, like_pattern, search_words
from wijkhulp.marketplace.hours import format_hours, parse_hours


@dataclass
class L:
    kind: str
    category_id: int = 1
    author_id: int = 1
    radius_km: int = 5


def test_radius_values() -> None:
    assert [matching.valid_radius(v) for v in ("1", 2, " 5 ", "10", 25)] == [1, 2, 5, 10, 25]
    assert [matching.valid_radius(v) for v in ("3", 0, -5, "100", "x", None, "")] == [None] * 7


def test_opposite_and_parties() -> None:
    assert matching.opposite("request") == "offer" and matching.opposite("offer") == "request"
    assert matching.parties("request", owner_id=1, responder_id=2) == (1, 2)  # the owner is helped
    assert matching.parties("offer", owner_id=1, responder_id=2) == (2, 1)  # the owner helps


@pytest.mark.parametrize(("a", "b", "distance", "expected"), [
    (L("request", radius_km=5), L("offer", author_id=2, radius_km=10), 5.0, True),  # at the smaller radius
    (L("request", radius_km=5), L("offer", author_id=2, radius_km=10), 5.1, False),  # beyond the smaller radius
    (L("request", radius_km=25), L("offer", author_id=2, radius_km=2), 3.0, False),  # the helper will not go so far
    (L("request"), L("request", author_id=2), 0.5, False),  # same kind
    (L("request"), L("offer", author_id=2, category_id=2), 0.5, False),  # other category
    (L("request"), L("offer", author_id=1), 0.5, False),  # own listing
])
def test_is_match(a: L, b: L, distance: float, expected: bool) -> None:
    assert matching.is_match(a, b, distance) is expected
    assert matching.is_match(b, a, distance) is expected  # symmetric


def test_only_open_listings_match() -> None:
    assert not matching.is_match(L("request"), L("offer", author_id=2), 1.0, b_open=False)
    assert matching.match_limit_km(25, 2) == 2


def test_text_cleaning() -> None:
    assert clean_line("  Hulp \n bij\tboodschappen  ") == "Hulp bij boodschappen"
    assert clean_text("Regel 1\r\nRegel 2\n\n\n\nNieuwe alinea  ") == "Regel 1\nRegel 2\n\nNieuwe alinea"
    assert search_words("  Tuin  tuin a Maarssen ") == ["tuin", "maarssen"]
    assert like_pattern("50%_a\\") == "%50\\%\\_a\\\\%"


def test_hours() -> None:
    assert [parse_hours(v) for v in ("1", "1,5", "1.5", "0,25", "", None, "24")] == [60, 90, 90, 15, None,
                                                                                              None, 1440]
    for bad in ("-1", "25", "1,5,5", "een", "1e3", "100"):
        with pytest.raises(ValueError):
            parse_hours(bad)
    assert format_hours(90) == "1,5" and format_hours(120) == "2" and format_hours(0) == "0"


def test_area_batches_grow_and_keep_ties_together() -> None:
    areas = [(f"{1000 + i}", float(i)) for i in range(20)]
    sizes = [len(b) for b in matching.area_batches(areas)]
    assert sizes == [1, 2, 4, 8, 5] and sum(sizes) == 20
    tied = [("1000", 0.0), ("1001", 1.0), ("1002", 1.0), ("1003", 1.0), ("1004", 2.0)]
    assert [len(b) for b in matching.area_batches(tied)] == [1, 3, 1]


def _rows(per_area: dict[str, int], base: datetime):
    """Fake database: area -> that many listings, ids unique, newer ids are newer."""
    data = {pc4: [(hash((pc4, i)) & 0xFFFF, pc4, base + timedelta(minutes=i)) for i in range(n)]
            for pc4, n in per_area.items()}
    calls: list[tuple[list[str], int]] = []

    def fetch(batch, limit):
        calls.append(([pc4 for pc4, _ in batch], limit))
        out = []
        for pc4, _ in batch:
            out.extend(sorted(data.get(pc4, []), key=lambda r: r[2], reverse=True)[:limit])
        return out

    return fetch, calls


def test_nearest_first_stops_when_the_page_is_full() -> None:
    base = datetime(2025, 1, 1, tzinfo=UTC)
    areas = [("3601", 0.0), ("3602", 1.2), ("3603", 2.0), ("3604", 3.5), ("3605", 4.0)]
    fetch, calls = _rows({"3601": 50, "3602": 50, "3603": 50}, base)
    hits = matching.nearest_first(areas, fetch, 20)
    assert len(hits) == 20 and {h.pc4 for h in hits} == {"3601"}
    assert calls == [(["3601"], 20)]  # one area, twenty rows: no more was read
    assert [h.created_at for h in hits] == sorted((h.created_at for h in hits), reverse=True)


def test_nearest_first_orders_by_distance_then_newest() -> None:
    base = datetime(2025, 1, 1, tzinfo=UTC)
    areas = [("3601", 0.0), ("3602", 1.2), ("3603", 2.0), ("3604", 3.5)]
    fetch, calls = _rows({"3601": 2, "3603": 3, "3604": 30}, base)
    hits = matching.nearest_first(areas, fetch, 10)
    assert [h.pc4 for h in hits] == ["3601"] * 2 + ["3603"] * 3 + ["3604"] * 5
    assert calls == [(["3601"], 10), (["3602", "3603"], 8), (["3604"], 5)]
    assert all(a.created_at > b.created_at for a, b in zip(hits[2:5], hits[3:5]))


def test_nearest_first_without_enough_rows_walks_every_area_once() -> None:
    fetch, calls = _rows({"3603": 1}, datetime(2025, 1, 1, tzinfo=UTC))
    areas = [(f"{3600 + i}", float(i)) for i in range(10)]
    assert len(matching.nearest_first(areas, fetch, 20)) == 1
    assert sum(len(batch) for batch, _ in calls) == 10
    assert matching.nearest_first(areas, fetch, 0) == []
