"""Plain functions that build calls, plans and teams for the neighbourhood plan tests (they commit)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests import factories
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.neighbourhoods import services as neighbourhood_services
from wijkhulp.neighbourhoods.models import ManagerAssignment
from wijkhulp.neighbourhoods.queries import find_by_name
from wijkhulp.proposals import services
from wijkhulp.proposals.services import calls, team
from wijkhulp.proposals.models import Call, Proposal


def neighbourhood(name: str = "Maarssen", areas: str = "3601-3608") -> Any:
    return find_by_name(name) or neighbourhood_services.create_neighbourhood(name=name, areas=areas)


def assign(person: Any, *neighbourhoods: Any) -> Any:
    """Let a community manager look after these neighbourhoods (Maarssen by default)."""
    for hood in neighbourhoods or (neighbourhood(),):
        db.session.add(ManagerAssignment(neighbourhood_id=hood.id, user_id=person.id))
    db.session.commit()
    return person


def manager(*neighbourhoods: Any, **kw: Any) -> Any:
    """A community manager who looks after Maarssen (or the given neighbourhoods), like the calls of `call()`."""
    return assign(factories.manager(**kw), *neighbourhoods)


def call(**overrides: Any) -> Call:
    """An open call in Maarssen: pot 1000 euro, at most 400 per plan, teams of at least 3."""
    now = utcnow()
    data = calls.CallData(title="Buurtbudget Maarssen", description="Plannen voor Maarssen.",
                             neighbourhood_ids=[neighbourhood().id], pot_cents=100_000, max_per_proposal_cents=40_000,
                             checklist="Prettig samenleven\nMeer dan een huishouden", opens_at=now - timedelta(days=1),
                             closes_at=now + timedelta(days=30), min_team_size=3, residence_required=False)
    for key, value in overrides.items():
        setattr(data, key, value)
    return calls.create_call(None, data)


def plan_data(**overrides: Any) -> services.ProposalData:
    data = services.ProposalData(
        title="Bankjes op het plein", summary="Drie bankjes op het dorpsplein.",
        contribution="Buren ontmoeten elkaar op het plein.", plan_execution="Wij plaatsen de bankjes samen.",
        plan_promotion="Een briefje in de bus.", plan_maintenance="Jan kijkt ze elk jaar na.",
        own_contribution="Wij doen het werk zelf.", planned_end_on=(utcnow() + timedelta(days=60)).date(),
        lines=[("Drie bankjes", 30_000), ("Verf", 5_000)])
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


def draft(the_call: Call | None = None, lead: Any = None, **overrides: Any) -> Proposal:
    the_call = the_call or call()
    lead = lead or factories.user(display_name="Lotte")
    return services.start_proposal(lead, the_call.id, plan_data(**overrides))


def join(proposal: Proposal, person: Any = None) -> Any:
    """Invite `person` (a new verified resident by default) and let them accept; returns the person."""
    person = person or factories.user()
    sent = team.invite_member(proposal.lead, proposal.id, person.email)
    team.respond_to_invitation(person, accept=True, token=sent.token)
    return person


def ready(the_call: Call | None = None, members: int = 3, **overrides: Any) -> Proposal:
    """A draft with a full team (the lead plus members-1 others), ready to be sent."""
    proposal = draft(the_call, **overrides)
    for _ in range(members - 1):
        join(proposal)
    return db.session.get(Proposal, proposal.id)


def submitted(the_call: Call | None = None, **overrides: Any) -> Proposal:
    proposal = ready(the_call, **overrides)
    return services.submit_proposal(proposal.lead, proposal.id)
