"""Manager scopes: a community manager manages and reviews only the calls of the neighbourhoods assigned to them
(every neighbourhood of the call); admins everywhere; panel members in their own call. Out of scope: 403."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.proposals import helpers as h
from wijkhulp.audit import AuditEntry
from wijkhulp.database import utcnow
from wijkhulp.errors import NotAllowed
from wijkhulp.extensions import db
from wijkhulp.proposals import permissions, queries, services
from wijkhulp.proposals.services import calls
from wijkhulp.proposals.models import Assessment, Call, NotAReviewer, PanelMember, Proposal, ProposalStatus


def _breukelen():
    return h.neighbourhood("Breukelen", "3621")


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def _data(*hoods, **overrides) -> calls.CallData:
    now = utcnow()
    data = calls.CallData(title="Buurtbudget", neighbourhood_ids=[n.id for n in hoods], pot_cents=100_000,
                          max_per_proposal_cents=40_000, checklist="Prettig samenleven", opens_at=now,
                          closes_at=now + timedelta(days=10), min_team_size=3)
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


# ---------------------------------------------------------------- the rule

def test_a_manager_manages_the_calls_of_their_own_neighbourhoods(ctx):
    maarssen, breukelen = h.neighbourhood(), _breukelen()
    in_maarssen = h.call()
    both = h.call(neighbourhood_ids=[maarssen.id, breukelen.id])
    of_maarssen = h.manager()
    of_breukelen = h.manager(breukelen)
    of_both = h.manager(maarssen, breukelen)
    unassigned = factories.manager()
    admin = factories.admin()
    resident = factories.user()
    assert permissions.can_manage_call(of_maarssen, in_maarssen)
    assert not permissions.can_manage_call(of_maarssen, both)  # one pot for both: only a manager of both
    assert not permissions.can_manage_call(of_breukelen, in_maarssen)
    assert permissions.can_manage_call(of_both, both) and permissions.can_manage_call(of_both, in_maarssen)
    assert not permissions.can_manage_call(unassigned, in_maarssen)
    assert permissions.can_manage_call(admin, both)
    assert not permissions.can_manage_call(resident, in_maarssen)
    assert permissions.manager_scope(admin) is None and permissions.manager_scope(resident) == frozenset()
    assert [c.id for c in queries.manageable_calls(of_maarssen)] == [in_maarssen.id]
    assert {c.id for c in queries.manageable_calls(admin)} == {in_maarssen.id, both.id}
    assert queries.manageable_calls(unassigned) == []


def test_a_blocked_manager_manages_nothing(ctx):
    manager = h.manager()
    call = h.call()
    manager.blocked_at = utcnow()
    db.session.commit()
    assert not permissions.can_manage_call(manager, call)


# ---------------------------------------------------------------- calls and panels

def test_a_manager_makes_calls_only_for_their_own_neighbourhoods(ctx):
    breukelen = _breukelen()
    manager = h.manager()
    with pytest.raises(NotAllowed):
        calls.create_call(manager, _data(breukelen))
    with pytest.raises(NotAllowed):
        calls.create_call(manager, _data(h.neighbourhood(), breukelen))
    assert _count(Call) == 0
    assert db.session.scalar(select(AuditEntry.id).where(AuditEntry.target_key == "proposal_call")) is None
    call = calls.create_call(manager, _data(h.neighbourhood()))
    assert [n.name for n in call.neighbourhoods] == ["Maarssen"]
    admin_call = calls.create_call(factories.admin(), _data(h.neighbourhood(), breukelen))
    assert len(admin_call.neighbourhoods) == 2


def test_out_of_scope_changes_to_calls_and_panels_are_refused(ctx):
    call = h.call()
    outsider = h.manager(_breukelen())
    resident = factories.user()
    with pytest.raises(NotAllowed):
        calls.update_call(outsider, call.id, _data(h.neighbourhood(), title="Van een ander"))
    with pytest.raises(NotAllowed):
        calls.add_panel_member(outsider, call.id, resident.email)
    own = h.manager()
    calls.add_panel_member(own, call.id, resident.email)
    with pytest.raises(NotAllowed):
        calls.remove_panel_member(outsider, call.id, resident.id)
    assert db.session.get(Call, call.id).title == "Buurtbudget Maarssen"
    assert _count(PanelMember) == 1


def test_a_manager_cannot_move_their_call_into_another_neighbourhood(ctx):
    call = h.call()
    manager = h.manager()
    with pytest.raises(NotAllowed):
        calls.update_call(manager, call.id, _data(h.neighbourhood(), _breukelen()))
    assert [n.name for n in db.session.get(Call, call.id).neighbourhoods] == ["Maarssen"]


# ---------------------------------------------------------------- review

def test_out_of_scope_managers_cannot_assess_or_decide(ctx):
    proposal = h.submitted()
    outsider = h.manager(_breukelen())
    criteria = {c.id: ("yes", "") for c in proposal.call.criteria}
    with pytest.raises(NotAReviewer):
        services.assess_proposal(outsider, proposal.id, criteria)
    with pytest.raises(NotAReviewer):
        services.decide_proposal(outsider, proposal.id, decision="approve", granted_cents=10_000)
    proposal = db.session.get(Proposal, proposal.id)
    assert proposal.status == ProposalStatus.SUBMITTED and proposal.call.granted_cents == 0
    assert _count(Assessment) == 0
    assert queries.proposals_to_review(outsider) == []
    services.decide_proposal(factories.admin(), proposal.id, decision="approve", granted_cents=10_000)
    assert db.session.get(Proposal, proposal.id).status == ProposalStatus.APPROVED


def test_a_manager_on_the_panel_of_another_call_reviews_it_as_a_panel_member(ctx):
    proposal = h.submitted()
    elsewhere = h.manager(_breukelen())
    calls.add_panel_member(h.manager(), proposal.call_id, elsewhere.email)
    assert [p.id for p in queries.proposals_to_review(elsewhere)] == [proposal.id]
    services.decide_proposal(elsewhere, proposal.id, decision="changes", message="Graag een tekening erbij.")
    assert db.session.get(Proposal, proposal.id).status == ProposalStatus.CHANGES_REQUESTED


def test_the_plans_to_review_are_those_of_the_managers_calls(ctx):
    breukelen = _breukelen()
    here = h.submitted()
    there = h.submitted(h.call(title="Buurtbudget Breukelen", neighbourhood_ids=[breukelen.id]))
    assert [p.id for p in queries.proposals_to_review(h.manager())] == [here.id]
    assert [p.id for p in queries.proposals_to_review(h.manager(breukelen))] == [there.id]
    assert {p.id for p in queries.proposals_to_review(factories.admin())} == {here.id, there.id}


def test_a_draft_is_not_shown_to_managers_of_other_neighbourhoods(ctx):
    draft = h.draft()
    assert permissions.can_view(h.manager(), draft)
    assert not permissions.can_view(h.manager(_breukelen()), draft)


def test_only_the_managers_of_the_call_and_its_panel_hear_about_a_sent_plan(ctx):
    breukelen = _breukelen()
    own = h.manager()
    h.manager(breukelen)  # looks after another neighbourhood: not told
    factories.admin()  # there is a manager for the call: the admins are not told
    call = h.call()
    panel = factories.user()
    calls.add_panel_member(own, call.id, panel.email)
    assert {u.id for u in queries.reviewers_for_call(call)} == {own.id, panel.id}


def test_the_admins_hear_about_plans_in_calls_no_manager_covers(ctx):
    maarssen, breukelen = h.neighbourhood(), _breukelen()
    h.manager()  # Maarssen only: does not cover the whole call
    admin = factories.admin()
    call = h.call(neighbourhood_ids=[maarssen.id, breukelen.id])
    assert [u.id for u in queries.reviewers_for_call(call)] == [admin.id]
    both = h.manager(maarssen, breukelen)
    assert [u.id for u in queries.reviewers_for_call(call)] == [both.id]


# ---------------------------------------------------------------- the pages: 403 out of scope

@pytest.fixture
def scoped(app):
    with app.app_context():
        proposal = h.submitted()
        outsider = h.manager(_breukelen())
        own = h.manager()
        panel = factories.user()
        calls.add_panel_member(own, proposal.call_id, panel.email)
        return {"call": proposal.call_id, "plan": proposal.id, "outsider": outsider.email, "own": own.email,
                "panel": panel.id, "breukelen": _breukelen().id, "maarssen": h.neighbourhood().id}


def _client(app, email):
    client = app.test_client()
    factories.login(client, email)
    return client


def test_out_of_scope_manager_pages_are_refused(app, scoped):
    client = _client(app, scoped["outsider"])
    call, plan = scoped["call"], scoped["plan"]
    assert client.get(f"/plans/manage/calls/{call}/edit").status_code == 403
    assert client.post(f"/plans/manage/calls/{call}/edit", data={"title": "Van mij"}).status_code == 403
    assert client.get(f"/plans/manage/calls/{call}/panel").status_code == 403
    assert client.post(f"/plans/manage/calls/{call}/panel", data={"email": "x@example.org"}).status_code == 403
    assert client.post(f"/plans/manage/calls/{call}/panel/{scoped['panel']}/remove").status_code == 403
    assert client.get(f"/plans/{plan}/review").status_code == 403
    assert client.post(f"/plans/{plan}/review/decision",
                       data={"decision": "approve", "amount": "100"}).status_code == 403
    manage = client.get("/plans/manage")
    assert manage.status_code == 200 and "Buurtbudget Maarssen" not in manage.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Proposal, plan).status == ProposalStatus.SUBMITTED
        assert _count(PanelMember) == 1 and db.session.get(Call, call).title == "Buurtbudget Maarssen"


def test_the_new_call_form_offers_only_the_managers_neighbourhoods(app, scoped):
    client = _client(app, scoped["own"])
    html = client.get("/plans/manage/calls/new").get_data(as_text=True)
    assert f'value="{scoped["maarssen"]}"' in html and f'value="{scoped["breukelen"]}"' not in html
    form = {"title": "Buurtbudget Breukelen", "neighbourhood_ids": str(scoped["breukelen"]), "pot": "1000",
            "max_per_proposal": "250", "checklist": "Prettig samenleven", "opens_at": "2030-01-01T09:00",
            "closes_at": "2030-03-01T17:00", "min_team_size": "3"}
    assert client.post("/plans/manage/calls/new", data=form).status_code == 403
    with app.app_context():
        assert _count(Call) == 1
    form["neighbourhood_ids"] = "99999"
    response = client.post("/plans/manage/calls/new", data=form)
    assert response.status_code == 422 and "Choose at least one neighbourhood." in response.get_data(as_text=True)
    form["neighbourhood_ids"] = str(scoped["maarssen"])
    assert client.post("/plans/manage/calls/new", data=form).status_code == 302


def test_the_managers_own_pages_work(app, scoped):
    client = _client(app, scoped["own"])
    assert client.get(f"/plans/manage/calls/{scoped['call']}/edit").status_code == 200
    assert client.get(f"/plans/manage/calls/{scoped['call']}/panel").status_code == 200
    assert client.get(f"/plans/{scoped['plan']}/review").status_code == 200
    manage = client.get("/plans/manage").get_data(as_text=True)
    assert "Buurtbudget Maarssen" in manage and "Maarssen" in manage


def test_a_manager_without_neighbourhoods_is_told_why(app):
    with app.app_context():
        h.neighbourhood()
        email = factories.manager().email
    client = _client(app, email)
    html = client.get("/plans/manage/calls/new").get_data(as_text=True)
    assert "No neighbourhoods have been assigned to you yet." in html
    assert "No neighbourhoods have been assigned to you yet." in client.get("/plans/manage").get_data(as_text=True)
