"""The demo: an open call in Stichtse Vecht with a plan in every state; seeding twice adds nothing; the demo manager
(assigned Maarssen and Breukelen by the moderation demo) manages it."""

from __future__ import annotations

from sqlalchemy import func, select

from wijkhulp.registry.seeders import Seeder, seeders
from wijkhulp.accounts.demo import seed_users
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.moderation.demo import seed_moderation
from wijkhulp.neighbourhoods.demo import seed_neighbourhoods
from wijkhulp.proposals import queries
from wijkhulp.proposals.demo import DEMO_CALL_TITLE, seed_proposals
from wijkhulp.proposals.models import GRANTED, Call, Proposal, ProposalStatus


def test_the_seeder_is_registered_after_accounts_and_neighbourhoods(app):
    assert Seeder("proposals", 40, seed_proposals) in seeders()


def test_without_neighbourhoods_it_waits(ctx):
    assert seed_proposals().startswith("skipped")


def test_an_open_call_with_a_plan_in_every_state(app, client):
    with app.app_context():
        seed_users()
        seed_neighbourhoods()
        assert seed_proposals().startswith("added")
        assert seed_proposals() == "demo call present"
        call = db.session.scalar(select(Call).where(Call.title == DEMO_CALL_TITLE))
        assert call.is_open(utcnow()) and call.panel
        assert [n.name for n in call.neighbourhoods] == ["Breukelen", "Maarssen"]
        plans = list(db.session.scalars(select(Proposal)))
        assert {p.status for p in plans} == set(ProposalStatus)
        assert db.session.scalar(select(func.count()).select_from(Call)) == 1
        assert call.granted_cents == sum(p.granted_cents or 0 for p in plans if p.status in GRANTED)
        assert call.granted_cents <= call.pot_cents
        for plan in plans:
            if plan.status != ProposalStatus.DRAFT:
                assert queries.confirmed_count(plan.id) >= call.min_team_size, plan.title
        ids = [p.id for p in plans]
        call_id = call.id
        seed_moderation()  # assigns the demo manager's neighbourhoods
    for pid in ids:
        assert client.get(f"/plans/{pid}").status_code in (200, 404)
    assert client.get(f"/plans/calls/{call_id}").status_code == 200
    client.post("/login", data={"email": "manager@example.org", "password": "wijkhulp-demo"})
    for pid in ids:
        assert client.get(f"/plans/{pid}").status_code == 200
    manage = client.get("/plans/manage")
    assert manage.status_code == 200 and DEMO_CALL_TITLE in manage.get_data(as_text=True)
    assert client.get(f"/plans/manage/calls/{call_id}/edit").status_code == 200
    assert client.get(f"/plans/manage/calls/{call_id}/panel").status_code == 200
