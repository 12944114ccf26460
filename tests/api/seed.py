"""Data for the API tests: something of every kind, visible and not, with residents' names and e-mails that must
never appear in an answer."""

from __future__ import annotations

from dataclasses import dataclass

from tests import factories
from tests.ideas import helpers as ideas
from tests.marketplace import helpers as market
from tests.proposals import helpers as plans
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.ideas.models import RoundStatus
from wijkhulp.marketplace.models import ListingStatus

SECRET_NAME = "Zwanhilde Qwerty"
SECRET_EMAIL = "zwanhilde.qwerty@example.org"


@dataclass
class Seeded:
    visible: int
    hidden: int
    withdrawn: int
    far: int
    round_id: int
    draft_round_id: int
    idea_id: int
    hidden_idea_id: int
    hood_id: int
    call_id: int
    plan_id: int
    draft_plan_id: int
    org_id: int
    unverified_org_id: int


def seed() -> Seeded:
    author = factories.user(display_name=SECRET_NAME, email=SECRET_EMAIL, postcode="3601 AB")
    cat = market.category("Boodschappen")
    visible = market.raw_listing(author, category_id=cat.id, pc4="3601", title="Boodschappen gezocht")
    hidden = market.raw_listing(author, category_id=cat.id, pc4="3601", title="Verborgen vraag", hidden=True)
    withdrawn = market.raw_listing(author, category_id=cat.id, pc4="3601", title="Ingetrokken vraag",
                                   status=ListingStatus.WITHDRAWN)
    far = market.raw_listing(author, category_id=cat.id, pc4="9901", title="Ver weg")  # Groningen area
    hood = ideas.neighbourhood("Maarssen-dorp", ("3601", "3602"))
    auction = ideas.auction_round(neighbourhoods=[hood])
    draft = ideas.auction_round(status=RoundStatus.DRAFT, neighbourhoods=[hood])
    idea = ideas.idea(auction, author=author)
    hidden_idea = ideas.idea(auction, author=author, title="Verborgen idee", hidden=True)
    org = ideas.organisation(name="Bakkerij De Vecht")
    unverified = ideas.organisation(name="Nog Niet Geverifieerd", verified=False)
    call = plans.call()
    plan = plans.submitted(call)
    draft_plan = plans.draft(call, title="Conceptplan")
    db.session.commit()
    return Seeded(visible.id, hidden.id, withdrawn.id, far.id, auction.id, draft.id, idea.id, hidden_idea.id,
                  hood.id, call.id, plan.id, draft_plan.id, org.id, unverified.id)


def now_iso() -> str:
    return utcnow().isoformat()
