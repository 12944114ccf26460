"""/api/v1 (read-only public JSON), the API's documentation page /api, and /.well-known/security.txt (views).

Every operation is declared in api/spec.py; `init_app` adds what every API response carries: API-Version, CORS for
GET, an ETag with 304 on If-None-Match, and no session cookie."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

from flask import Blueprint, Flask, Response, current_app, render_template, request, url_for
from flask.sessions import SessionInterface

from wijkhulp.api import opendata, present, schemas, spec
from wijkhulp.csvexport import csv_response, variant_for
from wijkhulp.database import utcnow
from wijkhulp.errors import PROBLEM_TITLES, problem_response
from wijkhulp.extensions import limiter
from wijkhulp.marketplace import matching
from wijkhulp.marketplace import queries as marketplace
from wijkhulp.settings import services as settings

bp = Blueprint("api", __name__, url_prefix=spec.PREFIX)
docs = Blueprint("api_docs", __name__)
limiter.limit(lambda: current_app.config.get("API_RATE_LIMIT", "120 per minute"))(bp)

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Accept-Language, If-None-Match",
    "Access-Control-Expose-Headers": "API-Version, ETag, Link",
    "Access-Control-Max-Age": "86400",
}


DIGITS = re.compile(r"[0-9]{1,10}")  # ASCII only: str.isdigit() would take "²"


class BadParameter(Exception):
    def __init__(self, name: str, reason: str) -> None:
        self.name, self.reason = name, reason
        super().__init__(reason)


@bp.errorhandler(BadParameter)
def _bad_parameter(exc: BadParameter) -> Response:
    return problem_response(400, "Een parameter klopt niet.", invalid_params=[{"name": exc.name,
                                                                             "reason": exc.reason}])


# ---------------------------------------------------------------- parameters

def _int(name: str, *, minimum: int = 1, maximum: int = 2**31 - 1, default: int | None = None) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not DIGITS.fullmatch(raw):
        raise BadParameter(name, "Geef een geheel getal.")
    value = int(raw)
    if not minimum <= value <= maximum:
        raise BadParameter(name, f"Geef een getal van {minimum} tot en met {maximum}.")
    return value


def _paging() -> tuple[int, int]:
    page = _int("page", maximum=spec.PAGE.schema["maximum"], default=1) or 1
    size = _int("pageSize", maximum=spec.MAX_PER_PAGE, default=spec.PER_PAGE) or spec.PER_PAGE
    return page, size


def _link(page: int, **extra: Any) -> schemas.Link:
    args = {k: v for k, v in request.args.items() if k != "page"}
    args.update(extra)
    if page > 1:
        args["page"] = str(page)
    return schemas.Link(href=url_for(request.endpoint or "", _external=True, **(request.view_args or {}), **args))


def _links(page: int, *, has_next: bool, last: int | None) -> schemas.PageLinks:
    return schemas.PageLinks(self_=_link(page), first=_link(1), prev=_link(page - 1) if page > 1 else None,
                             next=_link(page + 1) if has_next else None,
                             last=_link(last) if last is not None else None)


def _json(model: schemas.Schema) -> Response:
    return Response(model.model_dump_json(by_alias=True), mimetype="application/json")


def _page_of(model: type[schemas.Schema], items: Sequence[Any]) -> Response:
    page, size = _paging()
    total = len(items)
    last = max(1, math.ceil(total / size))
    shown = list(items[(page - 1) * size: page * size])
    response = _json(model(items=shown, page=page, per_page=size, total=total,
                           links=_links(page, has_next=page < last, last=last)))
    _link_header(response)
    return response


def _link_header(response: Response) -> None:
    body = response.get_json(silent=True) or {}
    links = body.get("_links") or {}
    response.headers["Link"] = ", ".join(f'<{v["href"]}>; rel="{k}"' for k, v in links.items() if v)


def route(operation_id: str) -> Callable[[Callable[..., Response]], Callable[..., Response]]:
    """Serve a view at the rule its operation declares in spec.OPERATIONS."""
    op = spec.BY_ID[operation_id]

    def decorate(view: Callable[..., Response]) -> Callable[..., Response]:
        return bp.get(op.rule, endpoint=operation_id)(view)
    return decorate


# ---------------------------------------------------------------- operations

@route("listListings")
def list_listings() -> Response:
    kind = request.args.get("kind") or None
    if kind not in (None, "request", "offer"):
        raise BadParameter("kind", "Kies request of offer.")
    category = _int("category")
    near = (request.args.get("near") or "").strip() or None
    if near is not None and len(near) > 60:
        raise BadParameter("near", "Gebruik hoogstens 60 tekens.")
    radius = _int("radiusKm", maximum=max(matching.RADII), default=marketplace.DEFAULT_SEARCH_KM)
    if radius not in matching.RADII:
        raise BadParameter("radiusKm", "Kies " + ", ".join(str(r) for r in matching.RADII) + ".")
    page, size = _paging()
    found = present.search_listings(kind=kind, category_id=category, near=near, radius_km=radius or 10,
                                    page=page, per_page=size)
    response = _json(schemas.ListingPage(items=found.items, page=found.page, per_page=found.per_page,
                                         links=_links(found.page, has_next=found.has_next, last=None)))
    _link_header(response)
    return response


@route("getListing")
def get_listing(listing_id: int) -> Response:
    return _json(present.one_listing(listing_id))


@route("listAuctionRounds")
def list_rounds() -> Response:
    return _page_of(schemas.AuctionRoundPage, present.all_rounds())


@route("getAuctionRound")
def get_round(round_id: int) -> Response:
    return _json(present.one_round(round_id))


@route("listRoundIdeas")
def list_round_ideas(round_id: int) -> Response:
    return _page_of(schemas.IdeaPage, present.ideas_of_round(round_id))


@route("getIdea")
def get_idea(idea_id: int) -> Response:
    return _json(present.one_idea(idea_id))


@route("listCalls")
def list_calls() -> Response:
    return _page_of(schemas.CallPage, present.all_calls())


@route("getCall")
def get_call(call_id: int) -> Response:
    return _json(present.one_call(call_id))


@route("listCallPlans")
def list_call_plans(call_id: int) -> Response:
    return _page_of(schemas.PlanPage, present.plans_of_call(call_id))


@route("listPlans")
def list_plans() -> Response:
    return _page_of(schemas.PlanPage, present.all_plans())


@route("getPlan")
def get_plan(plan_id: int) -> Response:
    return _json(present.one_plan(plan_id))


@route("listOrganisations")
def list_organisations() -> Response:
    return _page_of(schemas.OrganisationPage, present.all_organisations())


@route("getOrganisation")
def get_organisation(organisation_id: int) -> Response:
    return _json(present.one_organisation(organisation_id))


@route("listNeighbourhoods")
def list_neighbourhoods() -> Response:
    return _page_of(schemas.NeighbourhoodPage, present.all_neighbourhoods())


@route("getNeighbourhood")
def get_neighbourhood(neighbourhood_id: int) -> Response:
    return _json(present.one_neighbourhood(neighbourhood_id))


def _month() -> str | None:
    month = request.args.get("period") or None
    if month is not None:
        try:
            present.month_bounds(month, utcnow())
        except ValueError:
            raise BadParameter("period", "Geef een maand als JJJJ-MM, bijvoorbeeld 2026-11.") from None
    return month


@route("getFigures")
def get_figures() -> Response:
    return _json(present.figures(None, _month()))


@route("getNeighbourhoodFigures")
def get_neighbourhood_figures(neighbourhood_id: int) -> Response:
    month = _month()
    present.one_neighbourhood(neighbourhood_id)  # 404 before computing
    return _json(present.figures(neighbourhood_id, month))


@bp.get("/openapi.json")
def openapi() -> Response:
    response = current_app.json.response(spec.document(url_for("api.openapi", _external=True)
                                                       .removesuffix("/openapi.json")))
    response.mimetype = "application/vnd.oai.openapi+json"
    return response


# ---------------------------------------------------------------- documentation and security.txt

@docs.get("/api")
def documentation() -> str:
    return render_template("api/docs.html", doc=spec.document(), version=spec.API_VERSION,
                           problem_titles=PROBLEM_TITLES)


@docs.get("/.well-known/security.txt")
def security_txt() -> Response:
    expires = (utcnow() + timedelta(days=365)).replace(microsecond=0)
    contact = settings.get("security_contact_email") or settings.get("contact_email")
    lines = [f"Contact: mailto:{contact}", f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}",
             "Preferred-Languages: nl, en", f"Canonical: {url_for('api_docs.security_txt', _external=True)}"]
    return Response("\n".join(lines) + "\n", mimetype="text/plain")


# ---------------------------------------------------------------- what every API response carries

def _is_api(path: str) -> bool:
    return path == spec.PREFIX or path.startswith(spec.PREFIX + "/")


def _without_api_sessions(interface: SessionInterface) -> SessionInterface:
    """The app's session interface, except that API responses never set (or refresh) the session cookie."""

    class ApiSessionInterface(type(interface)):  # type: ignore[misc]
        def save_session(self, app: Flask, session: Any, response: Response) -> None:
            if _is_api(request.path):
                return None
            return super().save_session(app, session, response)

    replacement = ApiSessionInterface.__new__(ApiSessionInterface)
    replacement.__dict__.update(interface.__dict__)
    return replacement


def init_app(app: Flask) -> None:
    app.session_interface = _without_api_sessions(app.session_interface)

    @app.after_request
    def api_headers(response: Response) -> Response:
        if not _is_api(request.path):
            return response
        response.headers["API-Version"] = spec.API_VERSION
        response.headers.update(CORS_HEADERS)
        response.headers.pop("Set-Cookie", None)
        response.vary.discard("Cookie")
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response.headers["Cache-Control"] = "no-cache"
            response.add_etag()
            response.make_conditional(request)
        return response


# ---------------------------------------------------------------- open data

def _catalogue() -> dict[str, Any]:
    base = request.host_url.rstrip("/")
    return opendata.catalogue(
        base_url=base, title=str(settings.get("municipality_name")), publisher=str(settings.get("municipality_name")),
        attribution=bool(settings.get("open_data_attribution")), now=utcnow(),
        urls={"csv": url_for("api_docs.open_data_csv", _external=True),
              "json": url_for("api_docs.open_data_json", _external=True),
              "api": url_for("api.openapi", _external=True)})


@docs.get("/open-data")
def open_data() -> str:
    catalogue = _catalogue()
    name, url = opendata.licence(bool(settings.get("open_data_attribution")))
    return render_template("api/open_data.html", catalogue_json=json.dumps(catalogue, ensure_ascii=False, indent=1).replace("<", "\\u003c"),
                           licence_name=name, licence_url=url, months=opendata.MONTHS)


@docs.get("/open-data/catalog.jsonld")
def open_data_catalogue() -> Response:
    response = current_app.json.response(_catalogue())
    response.mimetype = "application/ld+json"
    return response


@docs.get("/open-data/figures.csv")
def open_data_csv() -> Response:
    rows = opendata.figure_rows(utcnow())
    return csv_response("wijkhulp-cijfers-per-wijk-per-maand.csv", list(opendata.HEADER), rows,
                        variant_for(request.args.get("format")))


@docs.get("/open-data/figures.json")
def open_data_json() -> Response:
    rows = opendata.figure_rows(utcnow())
    name, url = opendata.licence(bool(settings.get("open_data_attribution")))
    body = {"licence": {"name": name, "url": url},
            "figures": [dict(zip(("neighbourhood", "month", "section", "key", "label", "unit", "value"), row))
                        for row in rows]}
    return current_app.json.response(body)
