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
    last: Link | None = Field(None, description="Ontbreekt waar alle pagina's tellen te veel zou kosten "
                                                "(zoeken in de buurt).")


class Area(Schema):
    """Een postcodegebied: alleen de vier cijfers en de plaats, nooit een volledige postcode of een adres."""
    pc4: str = Field(pattern=r"^[1-9][0-9]{3}$")
    place: str | None


class CategoryRef(Schema):
    id: int
    name: str


class OrganisationRef(Schema):
    id: int
    name: str


class Listing(Schema):
    """Een hulpvraag (request) of hulpaanbod (offer), zoals de openbare pagina's het laten zien."""
    id: int
    kind: Literal["request", "offer"]
    title: str
    description: str
    category: CategoryRef
    area: Area
    radius_km: int
    distance_km: float | None = Field(None, description="Vanaf het gezochte gebied (midden tot midden).")
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
    """Een toezegging zoals de pagina van het idee haar laat zien: wie het belooft (de naam van een organisatie, anders \"buur\")."""
    partner: str
    amount: int
    status: str


class Need(Schema):
    id: int
    type: str
    description: str
    quantity: int
    unit: str
    pledged: int = Field(description="Aangeboden en aangenomen toezeggingen samen.")
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
    """Een regeling voor buurtvoorstellen met haar budget."""
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
    """Een ingediend buurtvoorstel: de stand, het toegekende bedrag en het aantal steunbetuigingen."""
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
    value: FigureNumber = Field(description='Aantallen van 1 tot en met 4 zijn "<5", zoals op /impact.')


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
    """De openbare cijfers van één wijk (of van alle wijken samen) over een periode."""
    neighbourhood_id: int | None
    period_start: date
    period_end: date = Field(description="Tot en met.")
    sections: list[FigureSection]


class InvalidParam(Schema):
    name: str
    reason: str


class Problem(Schema):
    """Een fout (RFC 9457, application/problem+json)."""
    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
    invalid_params: list[InvalidParam] | None = None


RESPONSE_MODELS: tuple[type[Schema], ...] = (
    ListingPage, Listing, OrganisationPage, Organisation, NeighbourhoodPage, Neighbourhood, AuctionRoundPage,
    AuctionRound, IdeaPage, Idea, CallPage, Call, PlanPage, Plan, Figures, Problem)
