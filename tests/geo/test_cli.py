"""`flask postcodes import|ensure|show`. The postcode table is kept between tests: a test that loads another
file puts the shipped data back afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from tests.geo.test_postcodes import GEONAMES_SAMPLE
from wijkhulp.extensions import db
from wijkhulp.geo import services as geo
from wijkhulp.geo.models import PostcodeArea


def _snapshot(app: Flask) -> list[tuple[str, str, str, float, float, str]]:
    with app.app_context():
        return [(a.pc4, a.place, a.province, a.latitude, a.longitude, a.other_places)
                for a in db.session.scalars(db.select(PostcodeArea).order_by(PostcodeArea.pc4))]


@pytest.fixture
def restore_shipped_data(app: Flask) -> Iterator[None]:
    try:
        yield
    finally:
        with app.app_context(), open(app.config["POSTCODE_DATA_FILE"], encoding="utf-8") as handle:
            geo.import_areas(handle)
            assert geo.area_count() == 4086


def test_importing_the_shipped_file_again_changes_nothing(app: Flask, runner: FlaskCliRunner):
    before = _snapshot(app)
    result = runner.invoke(args=["postcodes", "import", app.config["POSTCODE_DATA_FILE"]])
    assert result.exit_code == 0, result.output
    assert "0 added, 0 updated, 0 removed" in result.output
    result = runner.invoke(args=["postcodes", "import"])      # no FILE: the shipped file
    assert result.exit_code == 0 and "0 added, 0 updated, 0 removed" in result.output
    assert _snapshot(app) == before


def test_import_a_geonames_file(app: Flask, runner: FlaskCliRunner, tmp_path: Path, restore_shipped_data: None):
    path = tmp_path / "NL.txt"
    path.write_text(GEONAMES_SAMPLE, encoding="utf-8")
    result = runner.invoke(args=["postcodes", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "0 added, 1 updated, 4083 removed" in result.output   # 5371 loses most of its other places
    with app.app_context():
        assert geo.area_count() == 3
        assert geo.get_area("1011") is None                       # the cache was cleared
        assert geo.locate("Demen").pc4 == "5371"


def test_a_broken_file_changes_nothing(app: Flask, runner: FlaskCliRunner, tmp_path: Path):
    before = _snapshot(app)
    path = tmp_path / "NL.txt"
    path.write_text(GEONAMES_SAMPLE + "NL\t3621\tBreukelen\tUtrecht\n", encoding="utf-8")
    result = runner.invoke(args=["postcodes", "import", str(path)])
    assert result.exit_code != 0
    assert "line 7" in result.output and "Nothing was changed" in result.output
    assert "Traceback" not in result.output
    assert _snapshot(app) == before


def test_a_broken_table_changes_nothing(app: Flask, runner: FlaskCliRunner, tmp_path: Path):
    before = _snapshot(app)
    path = tmp_path / "pc4.tsv"
    path.write_text("pc4\tplace\tprovince\tlatitude\tlongitude\n3621\tBreukelen\tUtrecht\t52.174\n",
                    encoding="utf-8")
    result = runner.invoke(args=["postcodes", "import", str(path)])
    assert result.exit_code != 0 and "line 2" in result.output and "Nothing was changed" in result.output
    assert _snapshot(app) == before


def test_a_file_that_is_not_text_changes_nothing(app: Flask, runner: FlaskCliRunner, tmp_path: Path):
    before = _snapshot(app)
    path = tmp_path / "NL.zip"
    path.write_bytes(b"PK\x03\x04\xff\xfe\x00\x81binary")
    result = runner.invoke(args=["postcodes", "import", str(path)])
    assert result.exit_code != 0 and "not a UTF-8 text file" in result.output
    assert _snapshot(app) == before


def test_a_missing_file(runner: FlaskCliRunner, tmp_path: Path):
    result = runner.invoke(args=["postcodes", "import", str(tmp_path / "nope.txt")])
    assert result.exit_code != 0 and "does not exist" in result.output


def test_ensure_and_show(runner: FlaskCliRunner):
    result = runner.invoke(args=["postcodes", "ensure"])
    assert result.exit_code == 0 and "4086" in result.output
    result = runner.invoke(args=["postcodes", "show", "breukelen"])
    assert result.exit_code == 0 and result.output.startswith("3621\tBreukelen\tUtrecht")
    result = runner.invoke(args=["postcodes", "show", "Atlantis"])
    assert result.exit_code != 0
