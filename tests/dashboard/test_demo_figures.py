"""The dashboard shows true figures for the demo data (issue 8, "done when").

`flask demo seed` fills the database through every feature's seeder. Then:
- the figures the dashboard owns or can see generically (accounts, reports, moderation actions) are checked
  against counts done here in Python over the rows, independently of the figures' own queries;
- every figure and series a feature registered is checked against its compute function's contract (a number,
  a Measure or None; never negative; nothing in no areas; a part never exceeds the whole), and the dashboard
  page, the CSV export and the public impact page must show exactly what that function returns, suppressed
  ("<5") in the export and on the impact page.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from sqlalchemy import select

from tests import factories
from wijkhulp import metrics
from wijkhulp.registry import metrics as catalogue
from wijkhulp.accounts.models import User
from wijkhulp.audit import AuditEntry
from wijkhulp.registry.content import content_type
from wijkhulp.dashboard.formatting import number_text
from wijkhulp.dashboard.periods import IMPACT_START, make_period, today
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.moderation.exports import cell
from wijkhulp.moderation.models import REASON_SHORT, Report, ReportReason
from wijkhulp.neighbourhoods.models import Neighbourhood

DEMO_PASSWORD = "wijkhulp-demo"
ADMIN = "admin@example.org"
MANAGER = "manager@example.org"  # Maarssen and Breukelen in the demo data
_CARD = re.compile(r'<p class="figure-card__label">(.*?)</p>\s*<p class="figure-card__value">(.*?)</p>', re.S)


@dataclass(frozen=True)
class Demo:
    first_day: date
    last_day: date
    start: datetime
    end: datetime
    hoods: dict[str, tuple[int, frozenset[str]]]  # name -> (id, PC4 areas)

    def query(self, neighbourhood: str | None = None) -> str:
        hood = f"&neighbourhood={self.hoods[neighbourhood][0]}" if neighbourhood else ""
        return f"?start={self.first_day.isoformat()}&end={self.last_day.isoformat()}{hood}"


@pytest.fixture
def demo(app: Flask) -> Iterator[Demo]:
    result = app.test_cli_runner().invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    assert "moderation:" in result.output and "skipped" not in result.output.split("moderation:")[1], result.output
    with app.app_context():
        # English pages, so they can be compared with figures formatted here (outside a request: English)
        for person in db.session.scalars(select(User).where(User.email.in_([ADMIN, MANAGER]))):
            person.locale = "en"
        db.session.commit()
        now = utcnow()
        period = make_period(today(now) - timedelta(days=365), today(now), now)  # all demo data, made recently
        hoods = {n.name: (n.id, frozenset(n.pc4s)) for n in db.session.scalars(select(Neighbourhood))}
    yield Demo(period.first_day, period.last_day, period.start, period.end, hoods)


def _signed_in(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    factories.login(client, email, DEMO_PASSWORD)
    return client


def _cards(html: str) -> dict[str, str]:
    return {label.strip(): " ".join(value.split()) for label, value in _CARD.findall(html)}


def _csv(client: FlaskClient, query: str) -> list[dict[str, str]]:
    response = client.get("/manage/dashboard.csv" + query)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"), newline="")))


def _in(scope: frozenset[str] | None, pc4: str | None) -> bool:
    return scope is None or pc4 in scope


# ---------------------------------------------------------------- counted here, over the rows

def _count_accounts(scope: frozenset[str] | None, demo: Demo) -> int:
    return sum(1 for u in db.session.scalars(select(User))
               if u.deleted_at is None and _in(scope, u.pc4) and demo.start <= u.created_at < demo.end)


def _reports_per_reason(scope: frozenset[str] | None, demo: Demo) -> Counter[str]:
    """Per reason, the reports on content that lies in `scope`: where it lies is asked of the content type."""
    counts: Counter[str] = Counter()
    for report in db.session.scalars(select(Report)):
        kind = content_type(report.content_key)
        assert kind is not None, report.content_key
        obj = kind.get(report.object_id)
        assert obj is not None
        if demo.start <= report.created_at < demo.end and _in(scope, kind.pc4_of(obj)):
            counts[report.reason] += 1
    return counts


def _count_moderation_actions(scope: frozenset[str] | None, demo: Demo) -> int:
    return sum(1 for e in db.session.scalars(select(AuditEntry))
               if e.action.startswith("moderation.") and _in(scope, e.pc4) and demo.start <= e.created_at < demo.end)


def test_the_demo_figures_are_true(app: Flask, demo: Demo) -> None:
    admin = _signed_in(app, ADMIN)
    manager = _signed_in(app, MANAGER)
    pages = {None: admin.get("/manage/dashboard" + demo.query()),
             "Breukelen": manager.get("/manage/dashboard" + demo.query("Breukelen")),
             "Maarssen": manager.get("/manage/dashboard" + demo.query("Maarssen"))}
    exports = {None: _csv(admin, demo.query()), "Breukelen": _csv(manager, demo.query("Breukelen")),
               "Maarssen": _csv(manager, demo.query("Maarssen"))}
    assert all(page.status_code == 200 for page in pages.values())
    with app.app_context():
        for name, page in pages.items():
            scope = demo.hoods[name][1] if name else None
            cards = _cards(page.get_data(as_text=True))
            rows = exports[name]
            reasons = _reports_per_reason(scope, demo)
            expected = {"new_accounts": _count_accounts(scope, demo),
                        "reports_received": sum(reasons.values()),
                        "moderation_actions": _count_moderation_actions(scope, demo)}
            for key, count in expected.items():
                figure = catalogue.figure(key)
                assert figure is not None
                assert cards[str(escape(str(figure.label)))] == number_text(count, "count"), (name, key)
                assert next(r["value"] for r in rows if r["key"] == key) == cell(metrics.suppress(count)), (name, key)
            per_reason = {r["row"]: r["value"] for r in rows if r["key"] == "reports_per_reason"}
            assert per_reason == {str(REASON_SHORT[reason]): cell(metrics.suppress(reasons[reason]))
                                  for reason in ReportReason}, name
        # The demo data really is there: all 28+ accounts, Erik's profile reported by three residents, ...
        everyone = _count_accounts(None, demo)
        assert everyone >= 20
        maarssen = _reports_per_reason(demo.hoods["Maarssen"][1], demo)
        assert maarssen[ReportReason.SPAM] == 3  # Anna, Carla and Bram about Erik's advertising profile
        assert _count_moderation_actions(demo.hoods["Maarssen"][1], demo) >= 2  # hidden automatically, warned
    # ... and in the export, the three reports are "<5" (the page shows the exact number to the manager)
    maarssen_rows = exports["Maarssen"]
    assert next(r["value"] for r in maarssen_rows if r["key"] == "reports_per_reason" and r["row"] == "Spam") == "<5"
    assert "<p class=\"figure-card__value\">4</p>" in pages["Maarssen"].get_data(as_text=True)  # reports received


# ---------------------------------------------------------------- every registered figure, by its own contract

def _number(value: Any) -> float | None:
    plain = metrics.plain(value)
    assert plain is None or (isinstance(plain, int | float) and not isinstance(plain, bool)), plain
    return plain


def _check_contract(figure: catalogue.Figure, demo: Demo) -> dict[str | None, Any]:
    """The figure for everywhere and for each neighbourhood, checked against the compute function's contract."""
    values: dict[str | None, Any] = {None: figure.compute(None, demo.start, demo.end)}
    for name, (_id, pc4s) in demo.hoods.items():
        values[name] = figure.compute(pc4s, demo.start, demo.end)
    for name, value in values.items():
        assert isinstance(value, int | float | metrics.Measure) or value is None, (figure.key, name, value)
        number = _number(value)
        assert number is None or number >= 0, (figure.key, name, value)
        if isinstance(value, metrics.Measure):
            assert value.basis is None or value.basis >= 0, (figure.key, name, value)
        if figure.unit == "percent" and number is not None:
            assert number <= 100, (figure.key, name, value)
    whole = _number(values[None])
    if figure.unit in ("count", "euro_cents", "hours") and whole is not None:
        # a part never exceeds the whole; nothing at all is counted in no areas or in an empty period
        assert all((_number(v) or 0) <= whole for v in values.values()), (figure.key, values)
        assert not _number(figure.compute(frozenset(), demo.start, demo.end)), figure.key
        assert not _number(figure.compute(None, demo.start, demo.start)), figure.key
    return values


def test_every_registered_figure_keeps_its_contract_and_is_shown_as_computed(app: Flask, demo: Demo) -> None:
    admin = _signed_in(app, ADMIN)
    cards = _cards(admin.get("/manage/dashboard" + demo.query()).get_data(as_text=True))
    rows = _csv(admin, demo.query())
    impact = _cards(app.test_client().get("/impact").get_data(as_text=True))
    with app.app_context():
        figures = catalogue.figures()
        assert {f.key for f in figures} >= {"new_accounts", "reports_received", "moderation_actions"}
        suppressed_somewhere = False
        for figure in figures:
            values = _check_contract(figure, demo)
            raw = values[None]
            label = str(escape(str(figure.label)))
            assert cards[label] == str(escape(number_text(metrics.plain(raw), figure.unit))), figure.key
            exported = next(r for r in rows if r["key"] == figure.key and r["row"] == "")
            assert exported["value"] == cell(metrics.suppress(raw, figure.unit)), figure.key
            assert exported["unit"] == figure.unit
            if exported["value"] == metrics.SUPPRESSED:
                suppressed_somewhere = True
                small = raw.basis if isinstance(raw, metrics.Measure) else raw
                assert metrics.is_small(small), (figure.key, raw)
            elif figure.unit == "count" and exported["value"] not in ("", "0"):
                assert int(exported["value"]) >= metrics.SMALL, (figure.key, exported)
            if figure.public:
                public = metrics.suppress(figure.compute(None, IMPACT_START, utcnow()), figure.unit)
                shown = impact[label]
                if public == metrics.SUPPRESSED:
                    assert shown.startswith('<span aria-hidden="true">&lt;5</span>'), (figure.key, shown)
                else:
                    assert shown == str(escape(number_text(metrics.plain(public), figure.unit))), figure.key
        assert suppressed_somewhere, "the demo data should have a small figure to prove the suppression"
        for series in catalogue.series():
            computed = series.compute(None, demo.start, demo.end)
            exported_rows = [r for r in rows if r["key"] == series.key]
            assert len(exported_rows) == len(computed) * len(series.columns), series.key
            for row in computed:
                assert all((_number(v) or 0) >= 0 for v in row[1:]), (series.key, row)
                for column, value in zip(series.columns, row[1:], strict=False):
                    match = next(r for r in exported_rows if r["row"] == str(row[0]) and r["column"] == str(column))
                    assert match["value"] == cell(metrics.suppress(value, series.unit)), (series.key, row)
