"""Calls (regelingen): what a manager enters, the minimum team size, the pot, the checklist and the panel."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from tests import factories
from tests.proposals import helpers as h
from wijkhulp.database import utcnow
from wijkhulp.errors import NotAllowed
from wijkhulp.extensions import db
from wijkhulp.proposals import services
from wijkhulp.proposals.services import calls, workflow
from wijkhulp.proposals.models import Assessment, Call, InvalidCall, PanelMember
from wijkhulp.settings import services as settings
from wijkhulp.settings.services import InvalidSetting


def _data(**overrides):
    now = utcnow()
    data = calls.CallData(title="Buurtbudget", neighbourhood_ids=[h.neighbourhood().id], pot_cents=100_000,
                             max_per_proposal_cents=40_000, checklist="Prettig samenleven",
                             opens_at=now, closes_at=now + timedelta(days=10), min_team_size=3)
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def test_manager_creates_a_call(ctx):
    manager = h.manager()
    call = calls.create_call(manager, _data(checklist="Een\nTwee", residence_required=True))
    assert (call.pot_cents, call.granted_cents, call.min_team_size, call.residence_required) == (100_000, 0, 3, True)
    assert [c.text for c in call.criteria] == ["Een", "Twee"]
    assert [n.name for n in call.neighbourhoods] == ["Maarssen"]
    assert call.created_by_id == manager.id


def test_a_resident_cannot_create_a_call(ctx):
    with pytest.raises(NotAllowed):
        calls.create_call(factories.user(), _data())
    assert db.session.scalar(select(func.count()).select_from(Call)) == 0


@pytest.mark.parametrize(("overrides", "field"), [
    ({"title": "  "}, "title"),
    ({"title": "x" * 121}, "title"),
    ({"neighbourhood_ids": []}, "neighbourhood_ids"),
    ({"neighbourhood_ids": [9999]}, "neighbourhood_ids"),
    ({"pot_cents": None}, "pot"),
    ({"pot_cents": 0}, "pot"),
    ({"max_per_proposal_cents": None}, "max_per_proposal"),
    ({"max_per_proposal_cents": 200_000}, "max_per_proposal"),
    ({"checklist": " \n "}, "checklist"),
    ({"checklist": "\n".join(f"punt {i}" for i in range(21))}, "checklist"),
    ({"opens_at": None}, "opens_at"),
    ({"closes_at": None}, "closes_at"),
    ({"closes_at": utcnow() - timedelta(days=1)}, "closes_at"),
    ({"min_team_size": 2}, "min_team_size"),
    ({"min_team_size": None}, "min_team_size"),
    ({"min_team_size": 51}, "min_team_size"),
])
def test_bad_call_input_is_refused_and_nothing_stored(ctx, overrides, field):
    with pytest.raises(InvalidCall) as refused:
        calls.create_call(h.manager(), _data(**overrides))
    assert refused.value.field == field
    assert db.session.scalar(select(func.count()).select_from(Call)) == 0


def test_the_database_also_refuses_a_team_below_three(ctx):
    call = h.call()
    with pytest.raises(IntegrityError):
        db.session.execute(update(Call).where(Call.id == call.id).values(min_team_size=2))
        db.session.flush()
    db.session.rollback()


def test_the_default_team_size_setting_never_goes_below_three(ctx):
    with pytest.raises(InvalidSetting):
        settings.set_value(workflow.MIN_TEAM_SIZE, "2")
    settings.set_value(workflow.MIN_TEAM_SIZE, "4")
    assert calls.default_call_data().min_team_size == 4


def test_update_keeps_assessments_of_unchanged_checklist_points(ctx):
    manager = h.manager()
    proposal = h.submitted()
    call = proposal.call
    services.assess_proposal(manager, proposal.id, {c.id: ("yes", "") for c in call.criteria})
    kept = call.criteria[0]
    calls.update_call(manager, call.id, _data(checklist=f"{kept.text}\nNieuw punt", pot_cents=200_000))
    call = db.session.get(Call, call.id)
    assert [c.text for c in call.criteria] == [kept.text, "Nieuw punt"]
    assert [a.criterion_id for a in db.session.scalars(select(Assessment))] == [kept.id]
    assert call.pot_cents == 200_000


def test_the_pot_cannot_drop_below_what_is_granted(ctx):
    manager = h.manager()
    proposal = h.submitted()
    services.decide_proposal(manager, proposal.id, decision="approve", granted_cents=30_000)
    with pytest.raises(InvalidCall) as refused:
        calls.update_call(manager, proposal.call_id, _data(pot_cents=20_000, max_per_proposal_cents=10_000))
    assert refused.value.field == "pot"
    assert db.session.get(Call, proposal.call_id).pot_cents == 100_000


def test_lowering_the_pot_is_guarded_against_an_approval_at_the_same_moment(app):
    """The manager's page showed 0 granted; meanwhile an approval took 300 euro. Lowering the pot to 200 must fail."""
    with app.app_context():
        manager = h.manager()
        proposal = h.submitted()
        call_id, proposal_id, manager_id = proposal.call_id, proposal.id, manager.id
    with app.app_context():
        from wijkhulp.accounts.models import User
        me = db.session.get(User, manager_id)
        stale = db.session.get(Call, call_id)
        assert stale.granted_cents == 0
        with app.app_context():  # another request approves in between
            other = db.session.get(User, manager_id)
            services.decide_proposal(other, proposal_id, decision="approve", granted_cents=30_000)
        with pytest.raises(InvalidCall):
            calls.update_call(me, call_id, _data(pot_cents=20_000, max_per_proposal_cents=10_000))
    with app.app_context():
        assert db.session.get(Call, call_id).pot_cents == 100_000


def test_raising_the_minimum_flags_a_waiting_plan(ctx):
    manager = h.manager()
    proposal = h.submitted()
    calls.update_call(manager, proposal.call_id, _data(min_team_size=4))
    db.session.refresh(proposal)
    assert proposal.is_below_minimum


def test_panel_members(ctx):
    manager = h.manager()
    call = h.call()
    els = factories.user(display_name="Els")
    calls.add_panel_member(manager, call.id, els.email.upper())
    with pytest.raises(InvalidCall, match="already on the panel"):
        calls.add_panel_member(manager, call.id, els.email)
    with pytest.raises(InvalidCall, match="no account"):
        calls.add_panel_member(manager, call.id, "niemand@example.org")
    with pytest.raises(InvalidCall, match="not confirmed"):
        calls.add_panel_member(manager, call.id, factories.user(verified=False).email)
    with pytest.raises(NotAllowed):
        calls.add_panel_member(factories.user(), call.id, factories.user().email)
    assert [m.user_id for m in db.session.scalars(select(PanelMember))] == [els.id]
    calls.remove_panel_member(manager, call.id, els.id)
    assert db.session.scalar(select(func.count()).select_from(PanelMember)) == 0
