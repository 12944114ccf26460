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
    return Param(name, f"The id of the {what}.", {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}, "path")


PAGE = Param("page", "Page number, from 1.", {"type": "integer", "minimum": 1, "maximum": marketplace.MAX_PAGE,
                                              "default": 1})
PAGE_SIZE = Param("pageSize", "Items per page.", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE,
                                                  "default": PER_PAGE})
PAGED = (PAGE, PAGE_SIZE)
MONTH = Param("period", "A calendar month (YYYY-MM). Without it: since the start, as on the impact page.",
              {"type": "string", "pattern": r"^20[0-9]{2}-(0[1-9]|1[0-2])$"})

OPERATIONS: tuple[Operation, ...] = (
    Operation("listListings", "/listings", "Open requests and offers of help", "listings", schemas.ListingPage,
              (Param("kind", "request (hulpvraag) or offer (hulpaanbod).", {"type": "string",
                                                                            "enum": ["request", "offer"]}),
               Param("category", "A category id.", {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}),
               Param("near", "A PC4 area (3601), a postcode or a place name; nearest first.",
                     {"type": "string", "minLength": 1, "maxLength": 60}),
               Param("radiusKm", "Distance from `near` in km.", {"type": "integer",
                                                                 "enum": list(matching.RADII),
                                                                 "default": marketplace.DEFAULT_SEARCH_KM}),
               *PAGED),
              "The search of /help as a visitor sees it: open, not hidden, not past their end date. Places are PC4 "
              "areas; names of residents are never shown."),
    Operation("getListing", "/listings/<int:listing_id>", "One open request or offer", "listings", schemas.Listing,
              (_id("listingId", "listing"),), "410 Gone when it is no longer open.", not_found=True),
    Operation("listAuctionRounds", "/auction-rounds", "Rounds of the ideas auction", "ideas",
              schemas.AuctionRoundPage, PAGED),
    Operation("getAuctionRound", "/auction-rounds/<int:round_id>", "One round of the ideas auction", "ideas",
              schemas.AuctionRound, (_id("roundId", "round"),), not_found=True),
    Operation("listRoundIdeas", "/auction-rounds/<int:round_id>/ideas", "The ideas of a round with their needs, "
              "pledges and coverage", "ideas", schemas.IdeaPage, (_id("roundId", "round"), *PAGED), not_found=True),
    Operation("getIdea", "/ideas/<int:idea_id>", "One idea with its needs, pledges and coverage", "ideas",
              schemas.Idea, (_id("ideaId", "idea"),), not_found=True),
    Operation("listCalls", "/calls", "Calls (regelingen) for neighbourhood plans", "plans", schemas.CallPage, PAGED),
    Operation("getCall", "/calls/<int:call_id>", "One call", "plans", schemas.Call, (_id("callId", "call"),),
              not_found=True),
    Operation("listCallPlans", "/calls/<int:call_id>/plans", "The plans sent to a call", "plans", schemas.PlanPage,
              (_id("callId", "call"), *PAGED), not_found=True),
    Operation("listPlans", "/plans", "Neighbourhood plans that were sent in", "plans", schemas.PlanPage, PAGED),
    Operation("getPlan", "/plans/<int:plan_id>", "One neighbourhood plan", "plans", schemas.Plan,
              (_id("planId", "plan"),), not_found=True),
    Operation("listOrganisations", "/organisations", "Verified partner organisations", "organisations",
              schemas.OrganisationPage, PAGED),
    Operation("getOrganisation", "/organisations/<int:organisation_id>", "One partner organisation",
              "organisations", schemas.Organisation, (_id("organisationId", "organisation"),), not_found=True),
    Operation("listNeighbourhoods", "/neighbourhoods", "Neighbourhoods with their PC4 areas", "neighbourhoods",
              schemas.NeighbourhoodPage, PAGED),
    Operation("getNeighbourhood", "/neighbourhoods/<int:neighbourhood_id>", "One neighbourhood", "neighbourhoods",
              schemas.Neighbourhood, (_id("neighbourhoodId", "neighbourhood"),), not_found=True),
    Operation("getFigures", "/figures", "Public impact figures everywhere", "figures", schemas.Figures, (MONTH,),
              'As on /impact: only public figures, counts from 1 to 4 as "<5".'),
    Operation("getNeighbourhoodFigures", "/neighbourhoods/<int:neighbourhood_id>/figures",
              "Public impact figures of one neighbourhood", "figures", schemas.Figures,
              (_id("neighbourhoodId", "neighbourhood"), MONTH), not_found=True),
)

BY_ID = {op.operation_id: op for op in OPERATIONS}

TAGS = (("listings", "Requests (hulpvragen) and offers (hulpaanbod) of help"),
        ("ideas", "The ideas auction (ideeënveiling)"), ("plans", "Calls (regelingen) and neighbourhood plans"),
        ("organisations", "Partner organisations"), ("neighbourhoods", "Neighbourhoods (wijken) and PC4 areas"),
        ("figures", "Public impact figures"))

DESCRIPTION = (
    "Read-only public data of wijkhulp: exactly what the public pages show, never residents' names or full "
    "postcodes (PC4 area and place only). Follows the NL API Design Rules; JSON field names in camelCase, "
    "errors as application/problem+json (RFC 9457), page-based pagination with `_links`, `API-Version` on every "
    "response, ETag and 304 for caching, CORS for GET, rate limits.\n\n"
    "*Leg uit* (comply or explain): resource names are English plurals (`listings`, not `hulpvragen`), as are all "
    "URLs and code of wijkhulp, so one vocabulary serves the code, the pages' URLs and the API; the Dutch terms "
    "are given in each description.")

_HEADERS = {"API-Version": {"$ref": "#/components/headers/API-Version"}}


def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "headers": _HEADERS,
            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}


def _operation(op: Operation) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "200": {"description": "OK", "headers": {**_HEADERS, "ETag": {"schema": {"type": "string"}}},
                "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/"
                                                                    f"{op.response.__name__}"}}}},
        "304": {"description": "Not modified (If-None-Match)", "headers": _HEADERS},
        "400": _problem("Invalid parameter"),
        "429": _problem("Too many requests"),
    }
    if op.not_found or any(p.where == "path" for p in op.params):
        responses["404"] = _problem("Not found")
    if op.operation_id == "getListing":
        responses["410"] = _problem("No longer open")
    responses["422"] = _problem("Unknown place or postcode, or an invisible control character in the query")
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
        "servers": [{"url": server_url.rstrip("/")[: -len(PREFIX)] or "/", "description": "this site"}],
        "tags": [{"name": name, "description": text} for name, text in TAGS],
        "paths": paths,
        "components": {
            "schemas": definitions["$defs"],
            "headers": {"API-Version": {"description": "The full version of the API (semantic versioning).",
                                        "schema": {"type": "string", "example": API_VERSION}}},
        },
    }
