"""The shipped PC4 file: one row per PC4, Dutch province names, other place names kept."""

from __future__ import annotations

import csv
import os

import pytest

from wijkhulp.config import Defaults
from wijkhulp.geo.postcodes import PROJECT_HEADER, parse_postcode_file, write_project_file

PROVINCES = {"Drenthe", "Flevoland", "Friesland", "Gelderland", "Groningen", "Limburg", "Noord-Brabant",
             "Noord-Holland", "Overijssel", "Utrecht", "Zeeland", "Zuid-Holland"}


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with open(Defaults.POSTCODE_DATA_FILE, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        assert reader.fieldnames == PROJECT_HEADER
        return list(reader)


def test_one_row_per_pc4(rows):
    assert len(rows) == 4086
    assert len({row["pc4"] for row in rows}) == 4086
    assert all(len(row["pc4"]) == 4 and row["pc4"].isdigit() and row["pc4"][0] != "0" for row in rows)


def test_province_names_are_dutch(rows):
    assert {row["province"] for row in rows} == PROVINCES


def test_centroids_lie_in_the_netherlands(rows):
    assert all(50.7 < float(row["latitude"]) < 53.6 and 3.3 < float(row["longitude"]) < 7.3 for row in rows)


def test_ravenstein_keeps_its_other_places(rows):
    ravenstein = next(row for row in rows if row["pc4"] == "5371")
    assert (ravenstein["place"], ravenstein["province"]) == ("Ravenstein", "Noord-Brabant")
    assert "Demen" in ravenstein["other_places"].split("|")


def test_stichtse_vecht_demo_areas_are_there(rows):
    places = {row["pc4"]: row["place"] for row in rows}
    assert places["3621"] == "Breukelen"
    assert places["1393"] == "Nigtevecht"
    assert all(places[str(pc4)] == "Maarssen" for pc4 in range(3601, 3609))


def test_parsing_the_file_gives_it_back_unchanged():
    with open(Defaults.POSTCODE_DATA_FILE, encoding="utf-8") as handle:
        text = handle.read()
    records = parse_postcode_file(text.splitlines(keepends=True))
    assert len(records) == 4086
    assert write_project_file(records) == text


def test_attribution_sits_next_to_the_data():
    readme = os.path.join(os.path.dirname(Defaults.POSTCODE_DATA_FILE), "README.md")
    with open(readme, encoding="utf-8") as handle:
        text = handle.read()
    assert "GeoNames" in text and "CC BY 4.0" in text
