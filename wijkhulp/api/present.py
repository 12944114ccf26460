"""Domain objects -> API shapes (domain layer). Reads only through the features' public queries, so whatever the
public pages leave out (hidden, withdrawn, expired, unpublished, not approved) the API leaves out as well; it never
takes a resident's name, e-mail or full postcode."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from wijkhulp import metrics
from wijkhulp.api import schemas
from wijkhulp.dashboard import queries as dashboard
from wijkhulp.dashboard.periods import IMPACT_START
from wijkhulp.database import LOCAL_TZ, utcnow
from wijkhulp.geo import services as geo
from wijkhulp.ideas import queries as ideas
from wijkhulp.ideas.models import Idea, IdeaNotFound, RoundNotFound, RoundStatus
from wijkhulp.marketplace import queries as marketplace
from wijkhulp.marketplace.models import Listing, ListingKind
from wijkhulp.neighbourhoods import queries as neighbourhoods
from wijkhulp.organisations import queries as organisations
from wijkhulp.organisations.models import Organisation, OrganisationNotFound
from wijkhulp.proposals import queries as proposals
from wijkhulp.proposals.models import ProposalNotFound, ProposalStatus


def area(pc4: str) -> schemas.Area:
    found = geo.get_area(pc4)
    return schemas.Area(pc4=pc4, place=found.place if found else None)


def listing(item: Listing, distance_km: float | None = None) -> schemas.Listing:
    organisation = item.organisation
    return schemas.Listing(
        id=item.id, kind=item.kind.value, title=item.title, description=item.description,
        category=schemas.CategoryRef(id=item.category.id, name=item.category.name), area=area(item.pc4),
        radius_km=item.radius_km, distance_km=None if distance_km is None else round(distance_km, 1),
        urgency=item.urgency.value, timing=item.timing.value, timing_date=item.timing_date,
        timing_note=item.timing_note or "",
        organisation=(schemas.OrganisationRef(id=organisation.id, name=organisation.name)
                      if organisation is not None and _public_organisation(organisation) else None),
        created_at=item.created_at, expires_at=item.expires_at)


@dataclass(frozen=True)
class ListingResults:
    items: list[schemas.Listing]
    page: int
    per_page: int
    has_next: bool


def search_listings(*, kind: str | None, category_id: int | None, near: str | None, radius_km: int,
                    page: int, per_page: int) -> ListingResults:
    """The search of /help for an anonymous visitor. Raises UnknownPostcode or PlaceNotFound for `near`."""
    kind_value = ListingKind(kind) if kind else None
    if near:
        origin = geo.locate(near)
        found = marketplace.nearby(origin_pc4=origin.pc4, km=radius_km, kind=kind_value, category_id=category_id,
                                   page=page, per_page=per_page)
    else:
        found = marketplace.newest(kind=kind_value, category_id=category_id, page=page, per_page=per_page)
    return ListingResults([listing(card.listing, card.distance_km) for card in found.items], found.page,
                          found.per_page, found.has_next)


def one_listing(listing_id: int) -> schemas.Listing:
    """Raises ListingNotFound (hidden) or ListingGone (no longer open), as the listing's page does for a visitor."""
    return listing(marketplace.visible_listing_or_404(listing_id, None))


def _public_organisation(organisation: Organisation) -> bool:
    return organisation.verified_at is not None and organisation.hidden_at is None


def organisation(item: Organisation) -> schemas.Organisation:
    return schemas.Organisation(id=item.id, name=item.name, type=item.type.value, description=item.description or "",
                                website=item.website)


def all_organisations() -> list[schemas.Organisation]:
    return [organisation(o) for o in organisations.verified_organisations()]


def one_organisation(organisation_id: int) -> schemas.Organisation:
    item = organisations.get_organisation(organisation_id)
    if not _public_organisation(item):
        raise OrganisationNotFound()
    return organisation(item)


def neighbourhood(item: Any) -> schemas.Neighbourhood:
    return schemas.Neighbourhood(id=item.id, name=item.name, slug=item.slug, description=item.description or "",
                                 areas=[area(pc4) for pc4 in sorted(item.pc4s)])


def all_neighbourhoods() -> list[schemas.Neighbourhood]:
    return [neighbourhood(n) for n in neighbourhoods.all_neighbourhoods()]


def one_neighbourhood(neighbourhood_id: int) -> schemas.Neighbourhood:
    return neighbourhood(neighbourhoods.get_neighbourhood(neighbourhood_id))


# ---------------------------------------------------------------- ideas auction

def _phase(upcoming: bool, closed: bool) -> str:
    return "upcoming" if upcoming else "closed" if closed else "open"


def auction_round(item: Any, now: datetime) -> schemas.AuctionRound:
    return schemas.AuctionRound(id=item.id, name=item.name, description=item.description or "",
                                status=_phase(item.is_upcoming(now), item.is_closed(now)), opens_at=item.opens_at,
                                closes_at=item.closes_at, neighbourhoods=sorted(n.name for n in item.neighbourhoods))


def all_rounds() -> list[schemas.AuctionRound]:
    now = utcnow()
    rounds = ideas.public_rounds(now)
    return [auction_round(r, now) for r in rounds.accepting + rounds.upcoming + rounds.closed]


def _published_round(round_id: int) -> Any:
    item = ideas.get_round(round_id)
    if item.status == RoundStatus.DRAFT:
        raise RoundNotFound()
    return item


def one_round(round_id: int) -> schemas.AuctionRound:
    return auction_round(_published_round(round_id), utcnow())


def idea(item: Idea) -> schemas.Idea:
    needs = []
    for need in item.needs:
        pledged = need.pledged_amount
        pledges = [schemas.PledgeSummary(
            partner=(p.organisation.name if p.organisation is not None and _public_organisation(p.organisation)
                     else "buur"), amount=p.amount, status=p.status.value)
            for p in need.pledges if p.is_active]
        needs.append(schemas.Need(id=need.id, type=need.type.value, description=need.description,
                                  quantity=need.quantity, unit=need.unit.value, pledged=pledged,
                                  coverage_percent=(round(100 * pledged / need.quantity) if need.quantity else 0),
                                  pledges=pledges))
    outcome = item.effective_outcome()
    return schemas.Idea(id=item.id, round_id=item.round_id, title=item.title, description=item.description,
                        own_contribution=item.own_contribution,
                        neighbourhood=item.neighbourhood.name if item.neighbourhood is not None else None,
                        outcome=outcome.value if outcome is not None else None, needs=needs,
                        created_at=item.created_at)


def ideas_of_round(round_id: int) -> list[schemas.Idea]:
    return [idea(i) for i in ideas.public_ideas(_published_round(round_id))]


def one_idea(idea_id: int) -> schemas.Idea:
    item = ideas.get_idea(idea_id)
    if not item.is_public or item.round.status == RoundStatus.DRAFT:
        raise IdeaNotFound()
    return idea(item)


# ---------------------------------------------------------------- calls and plans

def call(item: Any, now: datetime) -> schemas.Call:
    return schemas.Call(id=item.id, title=item.title, description=item.description or "", pot_cents=item.pot_cents,
                        max_per_plan_cents=item.max_per_proposal_cents, granted_cents=item.granted_cents,
                        opens_at=item.opens_at, closes_at=item.closes_at,
                        status=_phase(not item.has_opened(now), now >= item.closes_at),
                        neighbourhoods=sorted(n.name for n in item.neighbourhoods))


def all_calls() -> list[schemas.Call]:
    now = utcnow()
    return [call(c, now) for c in proposals.all_calls()]


def one_call(call_id: int) -> schemas.Call:
    return call(proposals.get_call(call_id), utcnow())


def plans(items: Sequence[Any]) -> list[schemas.Plan]:
    counts = proposals.support_counts([p.id for p in items])
    return [schemas.Plan(id=p.id, call_id=p.call_id, title=p.title, summary=p.summary or "", status=p.status.value,
                         requested_cents=p.requested_cents, granted_cents=p.granted_cents,
                         supports=counts.get(p.id, 0), submitted_at=p.submitted_at) for p in items]


def all_plans(call_id: int | None = None) -> list[schemas.Plan]:
    return plans(proposals.public_proposals(call_id=call_id))


def one_plan(plan_id: int) -> schemas.Plan:
    item = proposals.get_proposal(plan_id)
    if item.submitted_at is None or item.status == ProposalStatus.DRAFT or item.hidden_at is not None:
        raise ProposalNotFound()  # the conditions of proposals.queries.public_proposals
    return plans([item])[0]


def plans_of_call(call_id: int) -> list[schemas.Plan]:
    proposals.get_call(call_id)  # raises CallNotFound
    return all_plans(call_id)


# ---------------------------------------------------------------- figures

def month_bounds(month: str | None, now: datetime) -> tuple[datetime, datetime, date, date]:
    """'2026-11' -> that calendar month in Dutch time (start inclusive, end exclusive, as UTC); None -> since the
    start, as /impact shows. Raises ValueError for a month that is not YYYY-MM."""
    if not month:
        return IMPACT_START, now, IMPACT_START.date(), now.astimezone(LOCAL_TZ).date()
    first = date.fromisoformat(month + "-01")
    following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return (metrics.local_midnight(first), metrics.local_midnight(following), first,
            following - timedelta(days=1))


def _value(value: Any, unit: str) -> Any:
    shown = metrics.suppress(value, unit)
    if isinstance(shown, metrics.Measure):  # pragma: no cover - suppress() unwraps measures
        shown = shown.value
    return shown


def figures(neighbourhood_id: int | None, month: str | None) -> schemas.Figures:
    """The figures of the public impact page (public ones only, small counts "<5"), for a neighbourhood (None:
    everywhere) and a month (None: since the start). Raises NeighbourhoodNotFound, or ValueError for the month."""
    now = utcnow()
    start, end, first_day, last_day = month_bounds(month, now)
    scope = dashboard.public_scope(neighbourhood_id)
    sections = dashboard.compute(scope.pc4s, start, end, public_only=True)
    out = []
    for section in sections:
        out.append(schemas.FigureSection(
            title=str(section.title or ""),
            figures=[schemas.FigureEntry(key=f.figure.key, label=str(f.figure.label), unit=f.figure.unit,
                                         value=None if f.failed else _value(f.value, f.figure.unit))
                     for f in section.figures],
            series=[schemas.SeriesEntry(key=s.series.key, label=str(s.series.label), unit=s.series.unit,
                                        columns=[str(c) for c in s.series.columns],
                                        rows=[schemas.SeriesRow(label=str(row[0]),
                                                                values=[_value(v, s.series.unit) for v in row[1:]])
                                              for row in s.rows])
                    for s in section.series]))
    return schemas.Figures(neighbourhood_id=neighbourhood_id or None, period_start=first_day, period_end=last_day,
                           sections=out)
