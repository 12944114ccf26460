"""A median over fewer than 5 cases is "–" with a note in public figures and exports, never "<5"; every CSV
response goes through wijkhulp/csvexport.py (comma, or the Dutch Excel variant)."""

from __future__ import annotations

import pathlib
import re
from datetime import datetime

import pytest

from tests import factories
from wijkhulp import metrics
from wijkhulp.registry import metrics as catalogue

ROOT = pathlib.Path(__file__).resolve().parents[2] / "wijkhulp"


@pytest.fixture
def median_figure(monkeypatch: pytest.MonkeyPatch) -> None:
    """A public median in days: over 2 requests in a neighbourhood, over 40 everywhere."""
    monkeypatch.setattr(catalogue.FIGURES, "_entries", dict(catalogue.FIGURES._entries))

    def median_days(pc4s: frozenset[str] | None, start: datetime, end: datetime) -> metrics.Measure:
        return metrics.Measure(3.5, basis=2 if pc4s else 40)

    catalogue.FIGURES.add(catalogue.Figure("median_wait", label="Waiting time (median)", compute=median_days,
                                           unit="days", section="Help", public=True))


def test_a_median_over_few_cases_is_a_dash_not_fewer_than_five(app, world, median_figure) -> None:
    client = app.test_client()
    everywhere = client.get("/impact").get_data(as_text=True)
    assert "3.5 days" in everywhere  # 40 cases: shown
    local = client.get(f"/impact?neighbourhood={world.breukelen_id}").get_data(as_text=True)
    card = local.split("Waiting time (median)")[1].split("</li>")[0]
    assert "3.5" not in card and "&lt;5" not in card and "–" in card
    assert "A median or percentage that rests on 1 to 4 cases is shown as “–”" in local
    # the manager's own dashboard shows the exact value; the export shows "–"
    manager = app.test_client()
    factories.login(manager, world.manager_email)
    rows = manager.get(f"/manage/dashboard.csv?neighbourhood={world.maarssen_id}").get_data(as_text=True)
    line = next(r for r in rows.splitlines() if "median_wait" in r)
    assert line.split(",")[-2] == "–" and "<5" not in line


def test_small_counts_stay_fewer_than_five() -> None:
    assert metrics.suppress(3, "count") == "<5"
    assert metrics.suppress(metrics.Measure(3, basis=3), "count") == "<5"
    assert metrics.suppress(metrics.Measure(3.5, basis=3), "days") == metrics.TOO_FEW == "–"


def test_every_csv_response_uses_the_one_writer() -> None:
    """No module but csvexport writes CSV: no csv writer, no text/csv response of its own."""
    offenders = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel in ("csvexport.py", "geo/postcodes.py"):  # the writer; postcodes only reads data files
            continue
        text = path.read_text(encoding="utf-8")
        # (an IANA media-type URL in open-data metadata names CSV, it does not write it)
        if re.search(r"(?<!media-types/)text/csv|csv\.writer|csv\.DictWriter|^import csv|^from csv ", text, re.M):
            offenders.append(rel)
    assert not offenders, f"CSV written outside wijkhulp/csvexport.py: {offenders}"


def test_both_exports_have_the_dutch_excel_variant(app, world) -> None:
    manager = app.test_client()
    factories.login(manager, world.manager_email)
    for url in ("/manage/dashboard.csv?format=excel", "/manage/audit.csv?format=excel"):
        response = manager.get(url)
        assert response.status_code == 200 and response.mimetype == "text/csv", url
        header = response.data.decode("utf-8-sig").splitlines()[0]
        assert ";" in header and "," not in header, (url, header)


@pytest.mark.parametrize("label, locale, text", [
    ("2026-W38", "nl", "week 38 (14–20 sep)"),
    ("2026-W40", "nl", "week 40 (28 sep – 4 okt)"),
    ("2026-W38", "en", "week 38 (14–20 Sep)"),
    ("Boodschappen", "nl", "Boodschappen"),
    ("2026-W99", "nl", "2026-W99"),
])
def test_iso_weeks_read_as_a_week_with_its_days(make_app, label, locale, text) -> None:
    from flask_babel import force_locale

    from wijkhulp.dashboard.formatting import row_text

    app = make_app(BABEL_DEFAULT_LOCALE=locale)
    with app.test_request_context(), force_locale(locale):
        assert row_text(label) == text


def test_the_week_series_shows_readable_weeks_and_the_csv_keeps_iso(app, world) -> None:
    manager = app.test_client()
    factories.login(manager, world.manager_email)
    page = manager.get("/manage/dashboard").get_data(as_text=True)
    assert re.search(r'<th scope="row">week \d+ \(\d+', page)
    assert not re.search(r'<th scope="row">\d{4}-W\d{2}', page)
    assert re.search(r"\d{4}-W\d{2}", manager.get("/manage/dashboard.csv").get_data(as_text=True))
