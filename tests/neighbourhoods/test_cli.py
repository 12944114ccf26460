"""`flask neighbourhoods …`: idempotent, clear errors, non-zero exit and nothing changed on a refusal."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskCliRunner

from wijkhulp.extensions import db
from wijkhulp.neighbourhoods import services
from wijkhulp.neighbourhoods.models import Neighbourhood


def _state(app: Flask) -> list[tuple[str, list[str]]]:
    with app.app_context():
        return [(n.name, n.pc4s) for n in db.session.scalars(db.select(Neighbourhood).order_by(Neighbourhood.name))]


def _run(runner: FlaskCliRunner, *args: str):
    return runner.invoke(args=["neighbourhoods", *args])


def test_list_when_empty(runner: FlaskCliRunner):
    result = _run(runner, "list")
    assert (result.exit_code, result.output) == (0, "No neighbourhoods yet.\n")


def test_add_then_list(app: Flask, runner: FlaskCliRunner):
    result = _run(runner, "add", "Maarssen", "--areas", "3601-3608, 3612", "--description", "Het dorp.")
    assert result.exit_code == 0, result.output
    assert result.output == "Added Maarssen: 3601-3608, 3612 (9 areas: Maarssen).\n"
    _run(runner, "add", "Breukelen", "--areas", "3621")
    result = _run(runner, "list")
    assert result.output.splitlines() == ["Breukelen: 3621 (1 area: Breukelen)",
                                          "Maarssen: 3601-3608, 3612 (9 areas: Maarssen)"]


def test_add_twice_is_fine_but_not_with_other_areas(app: Flask, runner: FlaskCliRunner):
    _run(runner, "add", "Maarssen", "--areas", "3601-3608")
    for args in (["Maarssen", "--areas", "3601-3608"], ["maarssen"], ["Maarssen", "--areas", "3608-3608, 3601-3607"]):
        result = _run(runner, "add", *args)
        assert result.exit_code == 0 and "already exists" in result.output and "Nothing changed" in result.output
    result = _run(runner, "add", "Maarssen", "--areas", "3601")
    assert result.exit_code == 1
    assert "There is already a neighbourhood 'Maarssen' with other areas (3601-3608)" in result.output
    assert "set-areas" in result.output
    assert _state(app) == [("Maarssen", [str(c) for c in range(3601, 3609)])]


def test_add_refusals(app: Flask, runner: FlaskCliRunner):
    for args, message in [(["Maarssen", "--areas", "3601, 1000"], "We do not know postcode area 1000."),
                          (["Maarssen", "--areas", "Maarssen"], "'Maarssen' is not a postcode area."),
                          (["Maarssen", "--areas", "3601", "--description", "x" * 2001], "at most 2000"),
                          (["!!!"], "Use letters or numbers in the name.")]:
        result = _run(runner, "add", *args)
        assert result.exit_code == 1 and message in result.output and "Nothing was changed." in result.output
    assert _state(app) == []


def test_set_areas(app: Flask, runner: FlaskCliRunner):
    _run(runner, "add", "Maarssen", "--areas", "3601")
    for _ in range(2):
        result = _run(runner, "set-areas", "maarssen", "3601-3603")
        assert (result.exit_code, result.output) == (0, "Maarssen: 3601-3603 (3 areas: Maarssen).\n")
    result = _run(runner, "set-areas", "Maarssen", "3601, 1000")
    assert result.exit_code == 1 and "1000" in result.output
    result = _run(runner, "set-areas", "Atlantis", "3601")
    assert result.exit_code == 1 and "We could not find that neighbourhood." in result.output
    assert _state(app) == [("Maarssen", ["3601", "3602", "3603"])]
    result = _run(runner, "set-areas", "Maarssen", "")
    assert result.exit_code == 0 and "no postcode areas" in result.output


def test_remove_is_idempotent(app: Flask, runner: FlaskCliRunner):
    _run(runner, "add", "Oud-Zuilen", "--areas", "3611")
    result = _run(runner, "remove", "oud zuilen")
    assert (result.exit_code, result.output) == (0, "Removed Oud-Zuilen.\n")
    result = _run(runner, "remove", "oud zuilen")
    assert result.exit_code == 0 and "Nothing to remove" in result.output
    assert _state(app) == []


def test_service_area(app: Flask, runner: FlaskCliRunner):
    assert _run(runner, "service-area").output == "Service area: all of the Netherlands.\n"
    for _ in range(2):
        result = _run(runner, "service-area", "3611, 3601-3602")
        assert (result.exit_code, result.output) == (
            0, "Service area: 3601-3602, 3611 (3 areas: Maarssen, Oud-Zuilen).\n")
    result = _run(runner, "service-area", "3601, 1000")
    assert result.exit_code == 1 and "1000" in result.output and "Nothing was changed." in result.output
    with app.app_context():
        assert services.service_area_text() == "3601-3602, 3611"
    assert _run(runner, "service-area", "all").output == "Service area: all of the Netherlands.\n"
    _run(runner, "service-area", "3601")
    assert _run(runner, "service-area", "").output == "Service area: all of the Netherlands.\n"
