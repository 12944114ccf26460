"""Pure rules: euro amounts as people type them, months, the checklist text, the site paths the services use."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import url_for

from tests.proposals import helpers as h
from wijkhulp.registry import metrics as catalogue
from wijkhulp.database import utcnow
from wijkhulp.proposals import services
from wijkhulp.proposals.services import workflow
from wijkhulp.proposals.forms import format_euros, parse_euros
from wijkhulp.proposals.models import add_months
from wijkhulp.proposals.services.calls import checklist_items


@pytest.mark.parametrize(("typed", "cents"), [
    ("1250", 125_000), ("1.250", 125_000), ("1250,50", 125_050), ("1.250,50", 125_050), ("€ 25,-", 2_500),
    ("1,250.50", 125_050), ("12,5", 1_250), ("12.50", 1_250), ("25 euro", 2_500), ("1 250", 125_000), ("0", 0),
])
def test_parse_euros(typed, cents):
    assert parse_euros(typed) == cents


@pytest.mark.parametrize("typed", ["", "abc", "-5", "1.2345", "1.250.50", "12,345,67"])
def test_parse_euros_refuses_what_is_no_amount(typed):
    assert parse_euros(typed) is None


def test_format_euros_gives_back_what_people_type(app):
    with app.test_request_context():
        assert (format_euros(125_000), format_euros(125_050), format_euros(None)) == ("1250", "1250.50", "")


def test_add_months_keeps_the_end_of_the_month():
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 11, 30), 3) == date(2025, 2, 28)
    assert add_months(date(2025, 6, 15), 3) == date(2025, 9, 15)


def test_checklist_one_point_per_line():
    assert checklist_items("- Prettig samenleven\n\n* Meer huishoudens\nPrettig samenleven\n  • Onderhoud ") == [
        "Prettig samenleven", "Meer huishoudens", "Onderhoud"]


def test_service_paths_match_the_routes(app):
    with app.test_request_context():
        assert url_for("proposals.index") == workflow.INDEX_PATH
        assert url_for("proposals.mine") == workflow.MINE_PATH
        assert url_for("proposals.show", proposal_id=7) == workflow.plan_path(7)
        assert url_for("proposals.team_page", proposal_id=7) == workflow.team_path(7)
        assert url_for("proposals.review", proposal_id=7) == workflow.review_path(7)
        assert url_for("proposals.report", proposal_id=7) == workflow.report_path(7)
        assert url_for("proposals.join", token="abc") == workflow.join_path("abc")
        assert url_for("proposals.show_call", call_id=3) == workflow.call_path(3)


def test_dashboard_figures(ctx):
    manager = h.manager()
    approved = h.submitted()
    services.decide_proposal(manager, approved.id, decision="approve", granted_cents=20_000)
    h.submitted(approved.call)
    start, end = utcnow() - timedelta(days=1), utcnow() + timedelta(days=1)
    assert catalogue.figure("proposals_sent").compute(None, start, end) == 2
    assert catalogue.figure("proposal_money_granted").compute(frozenset({"3603"}), start, end) == 20_000
    assert catalogue.figure("proposal_money_granted").compute(frozenset({"3621"}), start, end) == 0
    rows = dict(next(s for s in catalogue.series() if s.key == "proposals_per_status").compute(None, start, end))
    assert rows["Approved"] == 1 and rows["Sent: waiting for assessment"] == 1
