"""The dashboard (scope, charts with tables, CSV) and the public impact page (suppressed)."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests import factories
from wijkhulp import metrics
from wijkhulp.registry import metrics as catalogue


def _login(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    factories.login(client, email)
    return client


def _csv(client: FlaskClient, query: str = "") -> list[dict[str, str]]:
    response = client.get("/manage/dashboard.csv" + query)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"), newline="")))


def _value(rows: list[dict[str, str]], key: str, row: str = "") -> str:
    return next(r["value"] for r in rows if r["key"] == key and r["row"] == row)


def test_who_sees_the_dashboard(app, client, world) -> None:
    assert client.get("/manage/dashboard").status_code == 302
    assert client.get("/manage/dashboard.csv").status_code == 302
    assert _login(app, world.residents[0][1]).get("/manage/dashboard").status_code == 403
    manager = _login(app, world.manager_email)
    assert manager.get("/manage/dashboard").status_code == 200
    assert manager.get(f"/manage/dashboard?neighbourhood={world.maarssen_id}").status_code == 200
    # another manager's neighbourhood: refused, also as CSV
    assert manager.get(f"/manage/dashboard?neighbourhood={world.breukelen_id}").status_code == 403
    assert manager.get(f"/manage/dashboard.csv?neighbourhood={world.breukelen_id}").status_code == 403
    assert manager.get("/manage/dashboard?neighbourhood=999999").status_code == 404
    admin = _login(app, world.admin_email)
    assert admin.get(f"/manage/dashboard?neighbourhood={world.breukelen_id}").status_code == 200


def test_charts_are_svg_with_a_table_beside_them(app, world) -> None:
    page = _login(app, world.manager_email).get("/manage/dashboard").get_data(as_text=True)
    assert "<svg" in page and 'role="img"' in page and 'aria-labelledby="chart-new_accounts_per_week-title"' in page
    assert '<title id="chart-new_accounts_per_week-title">' in page
    assert '<caption class="visually-hidden">New accounts per week</caption>' in page and (
        '<caption class="visually-hidden">Reports per reason</caption>' in page)
    assert "<script" not in page and 'style="' not in page
    assert "Neighbours who joined" in page and "Residents who signed in" in page


def test_the_dashboard_shows_exact_figures_and_the_csv_suppresses_them(app, world) -> None:
    manager = _login(app, world.manager_email)
    other = _login(app, world.other_manager_email)
    # Breukelen: the other manager and one resident joined: 2
    page = other.get(f"/manage/dashboard?neighbourhood={world.breukelen_id}").get_data(as_text=True)
    assert '<p class="figure-card__value">2</p>' in page
    rows = _csv(other, f"?neighbourhood={world.breukelen_id}")
    assert _value(rows, "new_accounts") == "<5"
    assert {r["neighbourhood"] for r in rows} == {"Breukelen"}
    # Maarssen: the manager, five residents and the author: 7, shown as is
    rows = _csv(manager)
    assert _value(rows, "new_accounts") == "7"
    assert list(rows[0].keys()) == ["neighbourhood", "from", "to", "section", "key", "label", "row", "column",
                                    "value", "unit"]
    weeks = [r for r in rows if r["key"] == "new_accounts_per_week"]
    assert len(weeks) >= 12 and all(r["value"] in {"0", "<5"} or int(r["value"]) >= 5 for r in weeks)
    reasons = [r for r in rows if r["key"] == "reports_per_reason"]
    assert [r["row"] for r in reasons] == ["Spam", "Unkind", "Unsafe", "Personal data", "Other"]
    assert all(r["value"] == "0" for r in reasons)  # 0 is shown as 0


def test_reports_per_reason_count_in_scope(app, world) -> None:
    for _, email in world.residents[:2]:
        _login(app, email).post(f"/report/profile/{world.author_id}", data={"reason": "unkind"})
    _login(app, world.residents[2][1]).post(f"/report/profile/{world.outsider_id}", data={"reason": "spam"})
    manager_rows = _csv(_login(app, world.manager_email))
    assert _value(manager_rows, "reports_per_reason", "Unkind") == "<5"
    assert _value(manager_rows, "reports_per_reason", "Spam") == "0"  # the spam report lies in Breukelen
    page = _login(app, world.manager_email).get("/manage/dashboard").get_data(as_text=True)
    assert "<td>2</td>" in page  # the managers' own dashboard shows the exact number


def test_a_bad_period_is_422(app, world) -> None:
    manager = _login(app, world.manager_email)
    response = manager.get("/manage/dashboard?start=2024-05-02&end=2024-05-01")
    assert response.status_code == 422 and "first day must come before" in response.get_data(as_text=True)
    assert manager.get("/manage/dashboard?start=morgen").status_code == 422
    assert manager.get("/manage/dashboard.csv?start=2020-01-01&end=2024-01-01").status_code == 422
    assert manager.get("/manage/dashboard?start=2024-05-01&end=2024-05-31").status_code == 200


@pytest.fixture
def registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a feature registers: a public figure with a basis, a series per category, and a broken figure."""
    monkeypatch.setattr(catalogue.FIGURES, "_entries", dict(catalogue.FIGURES._entries))
    monkeypatch.setattr(catalogue.SERIES, "_entries", dict(catalogue.SERIES._entries))

    def hours(pc4s: frozenset[str] | None, start: datetime, end: datetime) -> metrics.Measure:
        return metrics.Measure(12.5, basis=3 if pc4s else 40)

    def broken(pc4s: frozenset[str] | None, start: datetime, end: datetime) -> int:
        raise RuntimeError("the feature has a bug")

    def per_category(pc4s: frozenset[str] | None, start: datetime, end: datetime) -> list[tuple[str, int, int]]:
        return [("Boodschappen", 12, 3), ("Tuin", 0, 7)]

    catalogue.FIGURES.add(catalogue.Figure("hours_helped", label="Hours helped", compute=hours, unit="hours",
                                           section="Help", public=True))
    catalogue.FIGURES.add(catalogue.Figure("broken", label="Broken figure", compute=broken, section="Help"))
    catalogue.SERIES.add(catalogue.Series("open_per_category", label="Open per category", compute=per_category,
                                          columns=("Requests", "Offers"), row_heading="Category", section="Help",
                                          public=True))


def test_features_plug_in_figures_and_series(app, world, registered) -> None:
    manager = _login(app, world.manager_email)
    page = manager.get("/manage/dashboard").get_data(as_text=True)
    assert "Hours helped" in page and "12.5 hours" in page and "not available" in page
    assert '<caption class="visually-hidden">Open per category</caption>' in page
    assert "Requests" in page and "Offers" in page
    rows = _csv(manager)
    assert _value(rows, "hours_helped") == "–"  # 12.5 hours by three people: too few to show (not "<5")
    per_category = [(r["row"], r["column"], r["value"]) for r in rows if r["key"] == "open_per_category"]
    assert per_category == [("Boodschappen", "Requests", "12"), ("Boodschappen", "Offers", "<5"),
                            ("Tuin", "Requests", "0"), ("Tuin", "Offers", "7")]
    assert _value(rows, "broken") == ""


def test_the_impact_page_is_public_and_suppressed(app, client, world, registered) -> None:
    page = client.get("/impact").get_data(as_text=True)
    assert "What we did together" in page
    assert "Neighbours who joined" in page and "Residents who signed in" not in page  # public figures only
    assert "Reports per reason" not in page and "Broken figure" not in page
    assert "12.5 hours" in page  # 40 cases everywhere
    assert '<span aria-hidden="true">&lt;5</span><span class="visually-hidden">fewer than 5</span>' in page
    assert 'role="img"' in page and '<caption class="visually-hidden">Open per category</caption>' in page
    local = client.get(f"/impact?neighbourhood={world.breukelen_id}").get_data(as_text=True)
    assert "Breukelen" in local and "12.5 hours" not in local  # three cases in one neighbourhood: "–"
    assert client.get("/impact?neighbourhood=999999").status_code == 404


def test_the_impact_page_is_in_the_main_menu(app, client) -> None:
    assert 'href="/impact"' in client.get("/impact").get_data(as_text=True)
