"""The operations of /api/v1 and the OpenAPI 3.1 document built from them and from the response schemas
(domain layer: no request). Views route by these declarations, so the document lists exactly what is served."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic.json_schema import models_json_schema

from wijkhulp.api import schemas
from wijkhulp.marketplace import matching
from wijkhulp.marketplace import queries as marketplace

API_VERSION = "1.0.0"
PREFIX = "/api/v1"
PER_PAGE = 20
MAX_PER_PAGE = 50


@dataclass(frozen=True)
class Param:
    name: str
    description: str
    schema: dict[str, Any]
    where: str = "query"  # or "path"


@dataclass(frozen=True)
class Operation:
    operation_id: str
    rule: str  # the Flask rule below PREFIX, e.g. "/listings/<int:listing_id>"
    summary: str
    tag: str
    response: type[schemas.Schema]
    params: tuple[Param, ...] = ()
    description: str = ""
    not_found: bool = field(default=False)

    @property
    def path(self) -> str:
        return PREFIX + re.sub(r"<(?:int:)?([a-z_]+)>", lambda m: "{" + _camel(m[1]) + "}", self.rule)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _id(name: str, what: str) -> Param:
    return Param(name, f"Het id van {what}.", {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}, "path")


PAGE = Param("page", "Paginanummer, vanaf 1.", {"type": "integer", "minimum": 1, "maximum": marketplace.MAX_PAGE,
                                              "default": 1})
PAGE_SIZE = Param("pageSize", "Aantal per pagina.", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE,
                                                  "default": PER_PAGE})
PAGED = (PAGE, PAGE_SIZE)
MONTH = Param("period", "Een kalendermaand (JJJJ-MM). Zonder: vanaf het begin, zoals op de pagina over wat we samen deden.",
              {"type": "string", "pattern": r"^20[0-9]{2}-(0[1-9]|1[0-2])$"})

OPERATIONS: tuple[Operation, ...] = (
    Operation("listListings", "/listings", "Open hulpvragen en hulpaanbod", "listings", schemas.ListingPage,
              (Param("kind", "request (hulpvraag) of offer (hulpaanbod).", {"type": "string",
                                                                            "enum": ["request", "offer"]}),
               Param("category", "Het id van een soort hulp (categorie).", {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}),
               Param("near", "Een postcodegebied (3601), een postcode of een plaatsnaam; dichtstbij eerst.",
                     {"type": "string", "minLength": 1, "maxLength": 60}),
               Param("radiusKm", "Afstand tot `near` in km.", {"type": "integer",
                                                                 "enum": list(matching.RADII),
                                                                 "default": marketplace.DEFAULT_SEARCH_KM}),
               *PAGED),
              "Het zoeken van /help zoals een bezoeker het ziet: open, niet verborgen, niet verlopen. Plaatsen zijn "
              "postcodegebieden; namen van bewoners staan er nooit in."),
    Operation("getListing", "/listings/<int:listing_id>", "Eén open hulpvraag of hulpaanbod", "listings", schemas.Listing,
              (_id("listingId", "de hulpvraag of het aanbod"),), "410 als de vraag of het aanbod niet meer open is.",
              not_found=True),
    Operation("listAuctionRounds", "/auction-rounds", "Rondes van de ideeënveiling", "ideas",
              schemas.AuctionRoundPage, PAGED),
    Operation("getAuctionRound", "/auction-rounds/<int:round_id>", "Eén ronde van de ideeënveiling", "ideas",
              schemas.AuctionRound, (_id("roundId", "de ronde"),), not_found=True),
    Operation("listRoundIdeas", "/auction-rounds/<int:round_id>/ideas", "De ideeën van een ronde met wat ze nodig "
              "hebben, de toezeggingen en hoeveel er al gedekt is", "ideas", schemas.IdeaPage,
              (_id("roundId", "de ronde"), *PAGED), not_found=True),
    Operation("getIdea", "/ideas/<int:idea_id>", "Eén idee met wat het nodig heeft, de toezeggingen en de dekking", "ideas",
              schemas.Idea, (_id("ideaId", "het idee"),), not_found=True),
    Operation("listCalls", "/calls", "Regelingen voor buurtvoorstellen", "plans", schemas.CallPage, PAGED),
    Operation("getCall", "/calls/<int:call_id>", "Eén regeling", "plans", schemas.Call, (_id("callId", "de regeling"),),
              not_found=True),
    Operation("listCallPlans", "/calls/<int:call_id>/plans", "De voorstellen die voor een regeling zijn ingediend", "plans", schemas.PlanPage,
              (_id("callId", "de regeling"), *PAGED), not_found=True),
    Operation("listPlans", "/plans", "Ingediende buurtvoorstellen", "plans", schemas.PlanPage, PAGED),
    Operation("getPlan", "/plans/<int:plan_id>", "Eén buurtvoorstel", "plans", schemas.Plan,
              (_id("planId", "het voorstel"),), not_found=True),
    Operation("listOrganisations", "/organisations", "Gecontroleerde partnerorganisaties", "organisations",
              schemas.OrganisationPage, PAGED),
    Operation("getOrganisation", "/organisations/<int:organisation_id>", "Eén partnerorganisatie",
              "organisations", schemas.Organisation, (_id("organisationId", "de organisatie"),), not_found=True),
    Operation("listNeighbourhoods", "/neighbourhoods", "Wijken met hun postcodegebieden", "neighbourhoods",
              schemas.NeighbourhoodPage, PAGED),
    Operation("getNeighbourhood", "/neighbourhoods/<int:neighbourhood_id>", "Eén wijk", "neighbourhoods",
              schemas.Neighbourhood, (_id("neighbourhoodId", "de wijk"),), not_found=True),
    Operation("getFigures", "/figures", "Openbare cijfers van alle wijken samen", "figures", schemas.Figures, (MONTH,),
              'Zoals op /impact: alleen openbare cijfers, aantallen van 1 tot en met 4 als "<5".'),
    Operation("getNeighbourhoodFigures", "/neighbourhoods/<int:neighbourhood_id>/figures",
              "Openbare cijfers van één wijk", "figures", schemas.Figures,
              (_id("neighbourhoodId", "de wijk"), MONTH), not_found=True),
)

BY_ID = {op.operation_id: op for op in OPERATIONS}

TAGS = (("listings", "Hulpvragen (requests) en hulpaanbod (offers)"),
        ("ideas", "De ideeënveiling"), ("plans", "Regelingen en buurtvoorstellen"),
        ("organisations", "Partnerorganisaties"), ("neighbourhoods", "Wijken en postcodegebieden"),
        ("figures", "Openbare cijfers"))

DESCRIPTION = (
    "Openbare gegevens van wijkhulp, alleen lezen: precies wat de openbare pagina's laten zien, nooit namen van "
    "bewoners of volledige postcodes (alleen postcodegebied en plaats). Volgt de NL API Design Rules: veldnamen in "
    "camelCase, fouten als application/problem+json (RFC 9457), pagina's met `_links`, `API-Version` bij elk "
    "antwoord, ETag en 304, CORS voor GET, en een grens aan het aantal verzoeken per minuut.\n\n"
    "Pas toe of leg uit: de namen van de resources zijn Engelse meervouden (`listings`, niet `hulpvragen`). "
    "Alle URL's en alle code van wijkhulp zijn Engels; zo gebruiken de code, de adressen van de pagina's en de API "
    "dezelfde woorden. De Nederlandse termen staan in de beschrijvingen.")

_HEADERS = {"API-Version": {"$ref": "#/components/headers/API-Version"}}


def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "headers": _HEADERS,
            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}


def _operation(op: Operation) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "200": {"description": "OK", "headers": {**_HEADERS, "ETag": {"schema": {"type": "string"}}},
                "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/"
                                                                    f"{op.response.__name__}"}}}},
        "304": {"description": "Niet veranderd (If-None-Match)", "headers": _HEADERS},
        "400": _problem("Een parameter klopt niet"),
        "429": _problem("Te veel verzoeken; probeer het over een minuut opnieuw"),
    }
    if op.not_found or any(p.where == "path" for p in op.params):
        responses["404"] = _problem("Niet gevonden")
    if op.operation_id == "getListing":
        responses["410"] = _problem("Niet meer open")
    responses["422"] = _problem("Onbekende plaats of postcode, of een onzichtbaar stuurteken in de vraag")
    return {"operationId": op.operation_id, "summary": op.summary, "description": op.description,
            "tags": [op.tag],
            "parameters": [{"name": p.name, "in": p.where, "required": p.where == "path",
                            "description": p.description, "schema": p.schema} for p in op.params],
            "responses": responses}


def document(server_url: str = PREFIX) -> dict[str, Any]:
    """The OpenAPI 3.1 document of /api/v1."""
    _mapping, definitions = models_json_schema([(m, "serialization") for m in schemas.RESPONSE_MODELS],
                                               ref_template="#/components/schemas/{model}", by_alias=True)
    paths: dict[str, Any] = {}
    for op in OPERATIONS:
        paths.setdefault(op.path, {})["get"] = _operation(op)
    return {
        "openapi": "3.1.0",
        "info": {"title": "wijkhulp API", "version": API_VERSION, "description": DESCRIPTION,
                 "license": {"name": "EUPL-1.2", "identifier": "EUPL-1.2"}},
        "servers": [{"url": server_url.rstrip("/")[: -len(PREFIX)] or "/", "description": "deze site"}],
        "tags": [{"name": name, "description": text} for name, text in TAGS],
        "paths": paths,
        "components": {
            "schemas": definitions["$defs"],
            "headers": {"API-Version": {"description": "De volledige versie van de API (semantic versioning).",
                                        "schema": {"type": "string", "example": API_VERSION}}},
        },
    }
