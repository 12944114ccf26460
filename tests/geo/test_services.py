"""Postcode lookups against the shipped data (loaded once per test session)."""

from __future__ import annotations

import pytest

from wijkhulp.geo import services as geo
from wijkhulp.geo.services import InvalidPostcode, PlaceNotFound, UnknownPostcode


def test_the_shipped_data_is_loaded(ctx):
    assert geo.area_count() == 4086


def test_resolve_postcode_normalises_and_finds_the_area(ctx):
    postcode, area = geo.resolve_postcode(" 3601ab ")
    assert postcode == "3601 AB"
    assert (area.pc4, area.place, area.province, area.label) == ("3601", "Maarssen", "Utrecht", "3601 Maarssen")


@pytest.mark.parametrize("raw", ["", "3601", "3601 SA", "0601 AB", "Maarssen"])
def test_resolve_postcode_refuses_a_bad_format(ctx, raw):
    with pytest.raises(InvalidPostcode) as info:
        geo.resolve_postcode(raw)
    assert info.value.field == "postcode"
    assert "3511 AB" in str(info.value.message)


def test_resolve_postcode_refuses_an_unknown_area(ctx):
    # 1000 is a valid-looking PC4 that the data does not hold (9999 does exist: Kantens/Stitswerd).
    assert geo.get_area("1000") is None
    with pytest.raises(UnknownPostcode) as info:
        geo.resolve_postcode("1000 AA", field="home")
    assert info.value.field == "home"


def test_require_area(ctx):
    assert geo.require_area("3621").place == "Breukelen"
    with pytest.raises(UnknownPostcode):
        geo.require_area("1000", field="pc4")


@pytest.mark.parametrize("query", ["Breukelen", "breukelen", "BREUKELEN", "  Breukelen ", "3621", "3621 AB"])
def test_locate_by_place_or_postcode(ctx, query):
    assert geo.locate(query).pc4 == "3621"


def test_locate_ignores_accents_hyphens_and_finds_other_places(ctx):
    assert geo.locate("Babylonienbroek").pc4 == "4269"      # Babyloniënbroek
    assert geo.locate("ohéen laak").pc4 == "6109"
    assert geo.locate("Oud-Zuilen").pc4 == "3611"            # the official spelling (GeoNames writes "Oud-Zuilen")
    assert geo.locate("tienhoven").pc4 == "3612"             # another place in an area of Maarssen


def test_locate_refusals(ctx):
    with pytest.raises(PlaceNotFound) as info:
        geo.locate("Atlantis")
    assert info.value.field == "near"
    with pytest.raises(UnknownPostcode):
        geo.locate("1000")
    with pytest.raises(PlaceNotFound):
        geo.locate("")


def test_find_places_puts_exact_names_before_prefixes(ctx):
    found = geo.find_places("Breukel")
    assert [a.pc4 for a in found][:2] == ["3621", "3625"]    # Breukelen, Breukeleveen
    assert geo.find_places("b") == []                        # too short to search


def test_areas_within_a_radius(ctx):
    near = geo.areas_within("3601", 5)
    codes = [pc4 for pc4, _ in near]
    distances = [km for _, km in near]
    assert near[0] == ("3601", 0.0)
    assert "3602" in codes and "3621" in codes
    assert distances == sorted(distances)
    assert all(km <= 5 for km in distances)
    assert "1011" not in codes and "5371" not in codes       # Amsterdam and Ravenstein are far away
    assert geo.areas_within("3601", 5) is near                 # the second call comes from the cache


def test_areas_within_matches_the_distance_function(ctx):
    for pc4, km in geo.areas_within("3621", 3):
        assert abs(geo.distance_km("3621", pc4) - km) < 0.001


def test_areas_within_an_unknown_area(ctx):
    with pytest.raises(UnknownPostcode):
        geo.areas_within("1000", 5)


def test_known_pc4s_keeps_existing_areas_and_names_a_bad_one(ctx):
    assert geo.known_pc4s("3601-3612, 1393") == ["1393", "3601", "3602", "3603", "3604", "3605", "3606", "3607",
                                                 "3608", "3611", "3612"]       # 3609 and 3610 do not exist
    assert geo.known_pc4s("") == []
    with pytest.raises(UnknownPostcode) as info:
        geo.known_pc4s("3601, 1000", field="areas")
    assert "1000" in str(info.value.message) and info.value.field == "areas"
    with pytest.raises(UnknownPostcode) as info:
        geo.known_pc4s("1000-1010")
    assert "1000" in str(info.value.message) and "1010" in str(info.value.message)
    with pytest.raises(InvalidPostcode) as info:
        geo.known_pc4s("3601, Maarssen")
    assert "Maarssen" in str(info.value.message)
