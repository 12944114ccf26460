"""`flask settings list|get|set|reset`: idempotent, non-zero exit and nothing stored on a refusal."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskCliRunner

from wijkhulp.extensions import db
from wijkhulp.settings.models import Setting


def _stored(app: Flask) -> dict[str, str]:
    with app.app_context():
        return {row.key: row.value for row in db.session.scalars(db.select(Setting))}


def test_list_marks_defaults(runner: FlaskCliRunner, extra_specs):
    runner.invoke(args=["settings", "set", "site_name", "Burenhulp"])
    result = runner.invoke(args=["settings", "list"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "site_name = Burenhulp" in lines
    assert "test_expiry_days = 30  (default)" in lines
    assert "test_premoderation = false  (default)" in lines
    assert "service_area =   (default)" in lines


def test_get(runner: FlaskCliRunner):
    result = runner.invoke(args=["settings", "get", "municipality_name"])
    assert (result.exit_code, result.output) == (0, "Gemeente Stichtse Vecht\n")


def test_set_twice_is_fine(app: Flask, runner: FlaskCliRunner, extra_specs):
    for _ in range(2):
        result = runner.invoke(args=["settings", "set", "test_expiry_days", "14"])
        assert (result.exit_code, result.output) == (0, "test_expiry_days = 14\n")
    assert runner.invoke(args=["settings", "get", "test_expiry_days"]).output == "14\n"
    result = runner.invoke(args=["settings", "set", "service_area", "3612, 3601-3608"])
    assert result.output == "service_area = 3601-3608, 3612\n"
    assert _stored(app) == {"test_expiry_days": "14", "service_area": "3601-3608, 3612"}


def test_bad_values_exit_non_zero_and_store_nothing(app: Flask, runner: FlaskCliRunner, extra_specs):
    for key, value, message in [("test_expiry_days", "veertien", "Enter a whole number."),
                                ("test_expiry_days", "3", "The lowest allowed value is 7."),
                                ("test_premoderation", "misschien", "Choose yes or no."),
                                ("contact_email", "geen-adres", "Enter an e-mail address"),
                                ("service_area", "3601, 1000", "postcode area 1000")]:
        result = runner.invoke(args=["settings", "set", key, value])
        assert result.exit_code == 1, key
        assert message in result.output and "Nothing was saved." in result.output and key in result.output
    assert _stored(app) == {}


def test_unknown_keys_exit_non_zero(app: Flask, runner: FlaskCliRunner):
    for args in (["get", "nope"], ["set", "nope", "1"], ["reset", "nope"]):
        result = runner.invoke(args=["settings", *args])
        assert result.exit_code == 1
        assert "There is no setting 'nope'" in result.output
    assert _stored(app) == {}


def test_reset_twice_is_fine(app: Flask, runner: FlaskCliRunner):
    runner.invoke(args=["settings", "set", "site_name", "Burenhulp"])
    for _ in range(2):
        result = runner.invoke(args=["settings", "reset", "site_name"])
        assert (result.exit_code, result.output) == (0, "site_name = wijkhulp  (default)\n")
    assert _stored(app) == {}
