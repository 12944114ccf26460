"""Pure postcode rules and file parsing (no database)."""

from __future__ import annotations

import pytest

from wijkhulp.geo.postcodes import (PROJECT_HEADER, PostcodeFileError, compact_pc4_list, distance_band, haversine_km,
                                    normalise_pc4, normalise_postcode, parse_pc4_list, parse_postcode_file)


@pytest.mark.parametrize("raw", ["3601ab", "3601AB", "3601 AB", "3601 ab", " 3601 ab ", "3601  AB", "3601\tab"])
def test_normalise_accepts_the_usual_ways_of_typing(raw):
    assert normalise_postcode(raw) == "3601 AB"


@pytest.mark.parametrize("raw", [
    "3601 SA", "3601sd", "3601 ss",       # letter pairs that are never issued
    "0601 AB", "0123AB",                  # no postcode starts with 0
    "", "   ", "3601", "360 AB", "36011 AB", "3601 A", "3601 ABC", "3601 A1", "3601-AB", "AB 3601", "3601 äb",
])
def test_normalise_refuses_what_is_no_dutch_postcode(raw):
    assert normalise_postcode(raw) is None


def test_normalise_pc4():
    assert normalise_pc4("3601") == "3601"
    assert normalise_pc4(" 3601 ab ") == "3601"
    assert normalise_pc4("0601") is None
    assert normalise_pc4("3601 SA") is None
    assert normalise_pc4("Maarssen") is None


def test_pc4_list_round_trip():
    assert parse_pc4_list("3601-3603, 3611;1393  3612") == ["1393", "3601", "3602", "3603", "3611", "3612"]
    assert parse_pc4_list("") == []
    assert compact_pc4_list(["3612", "3601", "3602", "3603", "3611", "1393"]) == "1393, 3601-3603, 3611-3612"
    assert compact_pc4_list([]) == ""


@pytest.mark.parametrize("text", ["36O1", "3608-3601", "0601", "3601-", "Maarssen", "1000-9999"])
def test_pc4_list_refusals_name_the_bad_part(text):
    with pytest.raises(ValueError) as info:
        parse_pc4_list(f"3601, {text}")
    assert str(info.value) == text


def test_distances():
    # Maarssen 3601 to Breukelen 3621, centroids from the shipped file: about 4 km.
    assert 3.5 < haversine_km(52.1446, 5.0437, 52.174, 5.0026) < 4.5
    assert haversine_km(52.0, 5.0, 52.0, 5.0) == 0
    assert distance_band(0.4) == "<1 km"
    assert distance_band(3) == "2–5 km"
    assert distance_band(30) == ">25 km"


# A GeoNames NL.txt sample: 12 tab-separated columns, no header. Two rows share 3612 (the better accuracy wins
# the centroid and the name), one row is Belgian (left out), provinces come in English.
GEONAMES_SAMPLE = "\n".join("\t".join(row) for row in [
    ["NL", "3601", "Maarssen", "Utrecht", "UT", "Stichtse Vecht", "1904", "", "", "52.1446", "5.0437", "6"],
    ["NL", "3612", "Tienhoven", "Utrecht", "UT", "Stichtse Vecht", "1904", "", "", "52.17", "5.09", "4"],
    ["NL", "3612", "Maarssen", "Utrecht", "UT", "Stichtse Vecht", "1904", "", "", "52.15845", "5.0681", "6"],
    ["BE", "2000", "Antwerpen", "Vlaanderen", "VLG", "", "", "", "", "51.2", "4.4", "4"],
    ["NL", "5371", "Ravenstein", "North Brabant", "NB", "Oss", "0828", "", "", "51.7937", "5.6488", "6"],
    ["NL", "5371", "Demen", "North Brabant", "NB", "Oss", "0828", "", "", "51.7937", "5.6488", "6"],
]) + "\n"


def test_parse_geonames_sample():
    records = {r.pc4: r for r in parse_postcode_file(GEONAMES_SAMPLE.splitlines(keepends=True))}
    assert sorted(records) == ["3601", "3612", "5371"]
    maarssen = records["3612"]
    assert (maarssen.place, maarssen.latitude, maarssen.longitude) == ("Maarssen", 52.15845, 5.0681)
    assert maarssen.other_places == ["Tienhoven"]
    assert records["5371"].province == "Noord-Brabant"
    assert records["5371"].other_places == ["Demen"]
    # Same centroid for both Ravenstein rows: the average is that centroid.
    assert (records["5371"].latitude, records["5371"].longitude) == (51.7937, 5.6488)


def test_parse_project_table_with_other_places():
    text = "\t".join(PROJECT_HEADER) + "\n5371\tRavenstein\tNoord-Brabant\t51.7937\t5.6488\tDemen|Dieden\n"
    [record] = parse_postcode_file(text.splitlines(keepends=True))
    assert (record.pc4, record.place, record.other_places) == ("5371", "Ravenstein", ["Demen", "Dieden"])


def test_parse_ignores_a_byte_order_mark():
    text = "\ufeff" + "\t".join(PROJECT_HEADER) + "\n3621\tBreukelen\tUtrecht\t52.174\t5.0026\t\n"
    assert [r.pc4 for r in parse_postcode_file(text.splitlines(keepends=True))] == ["3621"]


GOOD_ROW = "NL\t3621\tBreukelen\tUtrecht\tUT\t\t\t\t\t52.174\t5.0026\t6"


@pytest.mark.parametrize("lines, expected", [
    ([], "empty"),
    ([GOOD_ROW + "\n", "NL\t3601\tMaarssen\tUtrecht\n"], "line 2: expected 12"),
    (["NL\t360\tMaarssen\tUtrecht\tUT\t\t\t\t\t52.1\t5.0\t6\n"], "line 1: '360' is not a 4-digit"),
    (["NL\t3601\tMaarssen\tUtrecht\tUT\t\t\t\t\tnorth\t5.0\t6\n"], "line 1: latitude"),
    (["NL\t3601\tMaarssen\tUtrecht\tUT\t\t\t\t\t48.8\t2.3\t6\n"], "outside the Netherlands"),
    (["NL\t3601\t \tUtrecht\tUT\t\t\t\t\t52.1\t5.0\t6\n"], "place name is empty"),
    (["BE\t2000\tAntwerpen\tVlaanderen\tVLG\t\t\t\t\t51.2\t4.4\t4\n"], "no Dutch postcode areas"),
    (["pc4\tplace\tprovince\n", "3601\tMaarssen\tUtrecht\n"], "missing columns latitude, longitude"),
    (["pc4\tplace\tprovince\tlatitude\tlongitude\n", "3601\tMaarssen\tUtrecht\t52.1\n"], "line 2: too few"),
])
def test_parse_refuses_broken_files_naming_the_line(lines, expected):
    with pytest.raises(PostcodeFileError) as info:
        parse_postcode_file(lines)
    assert expected in str(info.value)
