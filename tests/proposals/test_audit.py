"""The audit log: making and changing calls, panel appointments and every review decision are written in the same
transaction as the action itself, so a refused action leaves no entry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests import factories
from tests.proposals import helpers as h
from wijkhulp.audit import AuditEntry
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.proposals import services
from wijkhulp.proposals.services import calls
from wijkhulp.proposals.models import InvalidCall, PotExceeded


def _entries(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def _data(**overrides) -> calls.CallData:
    now = utcnow()
    data = calls.CallData(title="Buurtbudget", neighbourhood_ids=[h.neighbourhood().id], pot_cents=100_000,
                          max_per_proposal_cents=40_000, checklist="Prettig samenleven\nOnderhoud geregeld",
                          opens_at=now, closes_at=now + timedelta(days=10), min_team_size=3)
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def test_making_a_call_is_in_the_audit_log(ctx):
    manager = h.manager()
    call = calls.create_call(manager, _data())
    [entry] = _entries("proposal_call.create")
    assert (entry.actor_id, entry.target_key, entry.target_id, entry.pc4) == (manager.id, "proposal_call",
                                                                              str(call.id), "3601")
    assert entry.details["title"] == "Buurtbudget" and entry.details["pot_cents"] == 100_000
    assert entry.details["neighbourhoods"] == ["Maarssen"]
    assert entry.details["checklist"] == ["Prettig samenleven", "Onderhoud geregeld"]


def test_a_refused_call_leaves_no_entry(ctx):
    with pytest.raises(InvalidCall):
        calls.create_call(h.manager(), _data(title=""))
    assert _entries("proposal_call.create") == []


def test_changing_a_call_records_what_changed(ctx):
    manager = h.manager()
    call = h.call()
    calls.update_call(manager, call.id, _data(title="Buurtbudget Maarssen", pot_cents=150_000,
                                              max_per_proposal_cents=40_000, min_team_size=4,
                                              opens_at=call.opens_at, closes_at=call.closes_at,
                                              checklist="Prettig samenleven\nMeer dan een huishouden"))
    [entry] = _entries("proposal_call.update")
    assert entry.actor_id == manager.id and entry.target_id == str(call.id) and entry.pc4 == "3601"
    assert entry.details["changes"] == {"pot_cents": {"from": 100_000, "to": 150_000},
                                        "min_team_size": {"from": 3, "to": 4}}


def test_a_refused_change_leaves_no_entry(ctx):
    manager = h.manager()
    call = h.call(pot_cents=50_000)
    services.decide_proposal(manager, h.submitted(call).id, decision="approve", granted_cents=30_000)
    with pytest.raises(InvalidCall):
        calls.update_call(manager, call.id, _data(pot_cents=20_000))
    assert _entries("proposal_call.update") == []


def test_panel_appointments_are_in_the_audit_log(ctx):
    manager = h.manager()
    call = h.call()
    els = factories.user(display_name="Els")
    calls.add_panel_member(manager, call.id, els.email)
    [added] = _entries("proposal_call.panel_add")
    assert (added.actor_id, added.target_id, added.subject_id, added.details) == (
        manager.id, str(call.id), els.id, {"user_id": els.id})
    calls.remove_panel_member(manager, call.id, els.id)
    [removed] = _entries("proposal_call.panel_remove")
    assert (removed.actor_id, removed.subject_id) == (manager.id, els.id)
    calls.remove_panel_member(manager, call.id, els.id)  # nobody to take off: nothing happened, nothing logged
    assert len(_entries("proposal_call.panel_remove")) == 1


@pytest.mark.parametrize(("decision", "message", "amount", "action"), [
    ("approve", "Mooi plan.", 20_000, "proposal.approve"),
    ("reject", "Past niet bij de regeling.", None, "proposal.reject"),
    ("changes", "Haal de drankjes uit de begroting.", None, "proposal.request_changes"),
])
def test_every_decision_is_in_the_audit_log(ctx, decision, message, amount, action):
    manager = h.manager()
    proposal = h.submitted()
    services.decide_proposal(manager, proposal.id, decision=decision, message=message, granted_cents=amount)
    [entry] = _entries(action)
    assert (entry.actor_id, entry.target_key, entry.target_id) == (manager.id, "proposal", str(proposal.id))
    assert entry.reason == message and entry.subject_id == proposal.lead_id and entry.pc4 == "3601"
    assert entry.details["granted_cents"] == amount and entry.details["call_id"] == proposal.call_id


def test_a_refused_decision_leaves_no_entry(ctx):
    manager = h.manager()
    call = h.call(pot_cents=40_000)
    first, second = h.submitted(call), h.submitted(call)
    services.decide_proposal(manager, first.id, decision="approve", granted_cents=30_000)
    with pytest.raises(PotExceeded):
        services.decide_proposal(manager, second.id, decision="approve", granted_cents=20_000)
    assert [e.target_id for e in _entries("proposal.approve")] == [str(first.id)]
