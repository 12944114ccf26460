"""The dashboard figures of issue 8 (plans per status, funded, budget granted and remaining) and the wording fixed
after the translators' remarks (numbers from the settings, "final report", euro amounts)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests import factories
from tests.proposals import helpers as h
from wijkhulp.registry import metrics as catalogue
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.proposals import services
from wijkhulp.proposals.services import workflow
from wijkhulp.proposals.models import Proposal, StatusChanged
from wijkhulp.settings import services as settings


def _period():
    return utcnow() - timedelta(days=1), utcnow() + timedelta(days=1)


def test_plans_funded_is_public_and_counts_approved_plans(ctx):
    manager = h.manager()
    call = h.call(pot_cents=100_000)
    first, second = h.submitted(call), h.submitted(call)
    h.submitted(call)  # waiting: not funded
    services.decide_proposal(manager, first.id, decision="approve", granted_cents=20_000)
    services.decide_proposal(manager, second.id, decision="approve", granted_cents=10_000)
    services.start_work(second.lead, second.id)
    start, end = _period()
    funded = catalogue.figure("proposals_funded")
    assert funded is not None and funded.public
    assert funded.compute(None, start, end) == 2
    assert funded.compute(frozenset({"3601"}), start, end) == 2
    assert funded.compute(frozenset({"3621"}), start, end) == 0
    assert funded.compute(None, end, end + timedelta(days=1)) == 0
    assert "proposals_funded" in {f.key for f in catalogue.figures(public_only=True)}


def test_budget_granted_and_remaining(ctx):
    manager = h.manager()
    call = h.call(pot_cents=100_000)
    services.decide_proposal(manager, h.submitted(call).id, decision="approve", granted_cents=30_000)
    start, end = _period()
    assert catalogue.figure("proposal_money_granted").compute(None, start, end) == 30_000
    assert catalogue.figure("proposal_budget").compute(None, start, end) == 100_000
    assert catalogue.figure("proposal_budget_remaining").compute(None, start, end) == 70_000
    assert catalogue.figure("proposal_budget_remaining").compute(frozenset({"3603"}), start, end) == 70_000
    assert catalogue.figure("proposal_budget_remaining").compute(frozenset({"3621"}), start, end) == 0
    later = call.closes_at + timedelta(days=1)
    assert catalogue.figure("proposal_budget").compute(None, later, later + timedelta(days=30)) == 0
    assert not catalogue.figure("proposal_budget_remaining").public  # for the managers' dashboard
    per_status = dict(next(s for s in catalogue.series() if s.key == "proposals_per_status").compute(None, start, end))
    assert per_status["Approved"] == 1


def test_the_team_size_on_the_index_comes_from_the_setting(app, client):
    with app.app_context():
        settings.set_value(workflow.MIN_TEAM_SIZE, "4")
    html = client.get("/plans").get_data(as_text=True)
    assert "a team of at least 4 neighbours, you included" in html
    assert "A team has at least 4 people, you included." in html
    assert "two neighbours" not in html


def test_the_date_hint_uses_the_report_setting(app):
    with app.app_context():
        settings.set_value(workflow.REPORT_DUE_MONTHS, "6")
        call_id = h.call().id
        email = factories.user().email
    client = app.test_client()
    factories.login(client, email)
    html = client.get(f"/plans/calls/{call_id}/new").get_data(as_text=True)
    assert "At the latest 6 months later you write a short final report." in html
    assert "three months" not in html and "marked as needed" not in html
    assert "fill in every field that does not say “optional”" in html


def test_the_euro_hint_is_understandable_in_english(app):
    with app.app_context():
        call_id = h.call().id
        email = factories.user().email
    client = app.test_client()
    factories.login(client, email)
    response = client.post(f"/plans/calls/{call_id}/new", data={"title": "Bankjes", "lines-0-item": "Bankjes",
                                                                 "lines-0-amount": "veel"})
    assert response.status_code == 422
    assert "for example 250 or 1250.50; a comma also works" in response.get_data(as_text=True)


def test_reporting_before_approval_speaks_of_the_final_report(ctx):
    proposal = h.submitted()
    with pytest.raises(StatusChanged, match="final report"):
        services.complete_proposal(proposal.lead, proposal.id, report="Het ging heel goed met de bankjes.",
                                   spent_cents=0)
    assert db.session.get(Proposal, proposal.id).completed_at is None


def test_the_notification_settings_speak_of_the_final_report(ctx):
    from wijkhulp.registry import events as registry

    review = registry.get_event(workflow.EVENT_REVIEW)
    due = registry.get_event(workflow.EVENT_REPORT_DUE)
    assert "final report" in str(review.description) and "final report" in str(due.label)
