"""The API's response shapes (pydantic v2): the same classes serialise the responses and describe them in the
OpenAPI document, so the two cannot drift apart. JSON names are camelCase (NL API Design Rules)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

Suppressed = Literal["<5"]
FigureNumber = int | float | Suppressed | None


class Schema(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")


class Link(Schema):
    href: str


class PageLinks(Schema):
    self_: Link = Field(alias="self")
    first: Link
    prev: Link | None = None
    next: Link | None = None
    last: Link | None = Field(None, description="Left out where counting every page would cost too much "
                                                "(the nearby search).")


class Area(Schema):
    """A postcode area: only the four digits and the place, never a full postcode or an address."""
    pc4: str = Field(pattern=r"^[1-9][0-9]{3}$")
    place: str | None


class CategoryRef(Schema):
    id: int
    name: str


class OrganisationRef(Schema):
    id: int
    name: str


class Listing(Schema):
    """A request for help (hulpvraag) or an offer of help (hulpaanbod), as the public pages show it."""
    id: int
    kind: Literal["request", "offer"]
    title: str
    description: str
    category: CategoryRef
    area: Area
    radius_km: int
    distance_km: float | None = Field(None, description="From the searched area (centroid to centroid).")
    urgency: Literal["low", "normal", "high"]
    timing: Literal["date", "recurring", "flexible"]
    timing_date: date | None
    timing_note: str
    organisation: OrganisationRef | None
    created_at: datetime
    expires_at: datetime


class ListingPage(Schema):
    items: list[Listing]
    page: int
    per_page: int
    links: PageLinks = Field(alias="_links")


class Organisation(Schema):
    id: int
    name: str
    type: str
    description: str
    website: str | None


class OrganisationPage(Schema):
    items: list[Organisation]
    page: int
    per_page: int
    total: int
    links: PageLinks = Field(alias="_links")


class Neighbourhood(Schema):
    id: int
    name: str
    slug: str
    description: str
    areas: list[Area]


class NeighbourhoodPage(Schema):
    items: list[Neighbourhood]
    page: int
    per_page: int
    total: int
    links: PageLinks = Field(alias="_links")


class PledgeSummary(Schema):
    """A pledge as the idea's public page shows it: who promised (an organisation's name, else "a neighbour")."""
    partner: str
    amount: int
    status: str


class Need(Schema):
    id: int
    type: str
    description: str
    quantity: int
    unit: str
    pledged: int = Field(description="Offered and accepted pledges together.")
    coverage_percent: int = Field(ge=0)
    pledges: list[PledgeSummary]


class Idea(Schema):
    id: int
    round_id: int
    title: str
    description: str
    own_contribution: str
    neighbourhood: str | None
    outcome: str | None
    needs: list[Need]
    created_at: datetime


class AuctionRound(Schema):
    id: int
    name: str
    description: str
    status: Literal["upcoming", "open", "closed"]
    opens_at: datetime
    closes_at: datetime
    neighbourhoods: list[str]


class AuctionRoundPage(Schema):
    items: list[AuctionRound]
    page: int
    per_page: int
    total: int
    links: PageLinks = Field(alias="_links")


class IdeaPage(Schema):
    items: list[Idea]
    page: int
    per_page: int
    total: int
    links: PageLinks = Field(alias="_links")


class Call(Schema):
    """A call (regeling) for neighbourhood plans with its budget."""
    id: int
    title: str
    description: str
    pot_cents: int
    max_per_plan_cents: int
    granted_cents: int
    opens_at: datetime
    closes_at: datetime
    status: Literal["upcoming", "open", "closed"]
    neighbourhoods: list[str]


class CallPage(Schema):
    items: list[Call]
    page: int
    per_page: int
    total: int
    links: PageLinks = Field(alias="_links")


class Plan(Schema):
    """A neighbourhood plan (voorstel) that was sent in: its status, the amount granted and the supports."""
    id: int
    call_id: int
    title: str
    summary: str
    status: str
    requested_cents: int
    granted_cents: int | None
    supports: int
    submitted_at: datetime | None


class PlanPage(Schema):
    items: list[Plan]
    page: int
    per_page: int
    total: int
    links: PageLinks = Field(alias="_links")


class FigureEntry(Schema):
    key: str
    label: str
    unit: str
    value: FigureNumber = Field(description='Counts from 1 to 4 are "<5", as on the impact page.')


class SeriesRow(Schema):
    label: str
    values: list[FigureNumber]


class SeriesEntry(Schema):
    key: str
    label: str
    unit: str
    columns: list[str]
    rows: list[SeriesRow]


class FigureSection(Schema):
    title: str
    figures: list[FigureEntry]
    series: list[SeriesEntry]


class Figures(Schema):
    """The public impact figures of one neighbourhood (or everywhere) for a period."""
    neighbourhood_id: int | None
    period_start: date
    period_end: date = Field(description="Up to and including.")
    sections: list[FigureSection]


class InvalidParam(Schema):
    name: str
    reason: str


class Problem(Schema):
    """An error (RFC 9457, application/problem+json)."""
    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    invalid_params: list[InvalidParam] | None = None


RESPONSE_MODELS: tuple[type[Schema], ...] = (
    ListingPage, Listing, OrganisationPage, Organisation, NeighbourhoodPage, Neighbourhood, AuctionRoundPage,
    AuctionRound, IdeaPage, Idea, CallPage, Call, PlanPage, Plan, Figures, Problem)
