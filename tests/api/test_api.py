"""The public API: only what the public pages show, never names, suppressed figures, and the NL API Design Rules'
headers and shapes (problem+json, API-Version, CORS, ETag/304, pagination links, no session cookie)."""

from __future__ import annotations

import json
import pathlib

import pytest
import yaml

from tests.api.seed import SECRET_EMAIL, SECRET_NAME, seed
from tests.marketplace import helpers as market
from tests import factories
from wijkhulp.api import schemas, spec

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture
def data(app):
    with app.app_context():
        return seed()


def _everything(client, data) -> str:
    urls = [op.path.format(listingId=data.visible, roundId=data.round_id, ideaId=data.idea_id,
                           callId=data.call_id, planId=data.plan_id, organisationId=data.org_id,
                           neighbourhoodId=data.hood_id) for op in spec.OPERATIONS]
    urls += ["/api/v1/listings?near=3601&radiusKm=25", "/api/v1/listings?kind=request"]
    bodies = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        bodies.append(response.get_data(as_text=True))
    return "\n".join(bodies)


def test_names_and_emails_never_appear(client, data):
    text = _everything(client, data)
    assert SECRET_NAME not in text and SECRET_EMAIL not in text
    assert "Qwerty" not in text and "3601 AB" not in text and "3601AB" not in text


def test_hidden_withdrawn_draft_and_unverified_never_appear(client, data):
    text = _everything(client, data)
    for word in ("Verborgen vraag", "Ingetrokken vraag", "Verborgen idee", "Conceptplan", "Nog Niet Geverifieerd"):
        assert word not in text
    assert client.get(f"/api/v1/listings/{data.hidden}").status_code == 404
    assert client.get(f"/api/v1/listings/{data.withdrawn}").status_code == 410
    assert client.get(f"/api/v1/ideas/{data.hidden_idea_id}").status_code == 404
    assert client.get(f"/api/v1/auction-rounds/{data.draft_round_id}").status_code == 404
    assert client.get(f"/api/v1/auction-rounds/{data.draft_round_id}/ideas").status_code == 404
    assert client.get(f"/api/v1/plans/{data.draft_plan_id}").status_code == 404
    assert client.get(f"/api/v1/organisations/{data.unverified_org_id}").status_code == 404
    ids = {item["id"] for item in client.get("/api/v1/plans").get_json()["items"]}
    assert ids == {data.plan_id}


def test_near_leaves_out_far_listings(client, data):
    near = client.get("/api/v1/listings?near=3601&radiusKm=5").get_json()
    assert [item["id"] for item in near["items"]] == [data.visible]
    assert near["items"][0]["area"] == {"pc4": "3601", "place": "Maarssen"}
    everywhere = {item["id"] for item in client.get("/api/v1/listings").get_json()["items"]}
    assert everywhere == {data.visible, data.far}


def test_listing_answer_is_camel_case_and_matches_its_schema(client, data):
    body = client.get(f"/api/v1/listings/{data.visible}").get_json()
    schemas.Listing.model_validate(body)
    assert {"radiusKm", "createdAt", "expiresAt", "timingNote"} <= set(body)
    assert not any("_" in key for key in body)


def test_figures_are_suppressed_as_on_the_impact_page(app, client):
    with app.app_context():
        author = factories.user()
        cat = market.category()
        for _ in range(3):
            market.raw_listing(author, category_id=cat.id)
    body = client.get("/api/v1/figures").get_json()
    values = [f["value"] for s in body["sections"] for f in s["figures"]]
    values += [v for s in body["sections"] for series in s["series"] for row in series["rows"] for v in row["values"]]
    assert "<5" in values  # three listings, one account
    for value in values:
        assert value in (None, "<5", 0) or (isinstance(value, int | float) and (value >= 5 or value != int(value))
                                            or not isinstance(value, int)), value
    counts = [f for s in body["sections"] for f in s["figures"] if f["unit"] == "count"]
    assert all(f["value"] in (0, "<5", None) or f["value"] >= 5 for f in counts)


def test_figures_per_neighbourhood_and_month(client, data):
    body = client.get(f"/api/v1/neighbourhoods/{data.hood_id}/figures?period=2026-11").get_json()
    assert body["neighbourhoodId"] == data.hood_id
    assert (body["periodStart"], body["periodEnd"]) == ("2026-11-01", "2026-11-30")
    assert client.get("/api/v1/neighbourhoods/999999/figures").status_code == 404


def test_problem_json_with_dutch_title_and_api_version(client):
    for url, status in (("/api/v1/nothing-here", 404), ("/api/v1/listings?page=nul", 400),
                        ("/api/v1/listings?radiusKm=7", 400), ("/api/v1/figures?period=2026-13", 400),
                        ("/api/v1/calls?page=%C2%B2", 400)):
        response = client.get(url)
        assert response.status_code == status
        assert response.mimetype == "application/problem+json"
        assert response.headers["API-Version"] == spec.API_VERSION
        body = response.get_json()
        schemas.Problem.model_validate(body)
        assert body["status"] == status and body["title"] in ("Niet gevonden", "Ongeldige vraag")
    assert client.post("/api/v1/listings").mimetype == "application/problem+json"


def test_headers_etag_cors_and_no_cookie(client, data):
    response = client.get("/api/v1/listings", headers={"Origin": "https://gemeente.example"})
    assert response.headers["API-Version"] == spec.API_VERSION
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    assert "Set-Cookie" not in response.headers
    etag = response.headers["ETag"]
    again = client.get("/api/v1/listings", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.headers["API-Version"] == spec.API_VERSION
    preflight = client.options("/api/v1/listings", headers={"Origin": "https://x.example",
                                                            "Access-Control-Request-Method": "GET"})
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"


def test_no_session_cookie_even_for_a_signed_in_visitor(client, app):
    with app.app_context():
        person = factories.user()
        email = person.email
    factories.login(client, email)
    response = client.get("/api/v1/neighbourhoods")
    assert "Set-Cookie" not in response.headers


def test_pagination_links(app, client):
    with app.app_context():
        author = factories.user()
        cat = market.category()
        for _ in range(5):
            market.raw_listing(author, category_id=cat.id)
    first = client.get("/api/v1/listings?pageSize=2").get_json()
    assert first["_links"]["next"]["href"].endswith("page=2") and first["_links"]["prev"] is None
    second = client.get(first["_links"]["next"]["href"]).get_json()
    assert second["page"] == 2 and second["_links"]["prev"] is not None
    hoods = client.get("/api/v1/neighbourhoods?pageSize=1").get_json()
    assert hoods["_links"]["last"] is not None and "Link" in client.get("/api/v1/neighbourhoods").headers


def test_openapi_document_describes_every_route(app, client):
    doc = client.get("/api/v1/openapi.json")
    assert doc.status_code == 200
    paths = doc.get_json()["paths"]
    api_rules = {rule.rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")}
    documented = {p.replace("{", "<").replace("}", ">") for p in paths}
    served = {spec.PREFIX + op.rule for op in spec.OPERATIONS}
    assert {r for r in api_rules if not r.endswith("openapi.json")} == served
    assert len(documented) == len(served)


def test_documentation_page_is_rendered_on_the_server(client):
    response = client.get("/api")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<script" not in html.split("<main", 1)[1]
    for op in spec.OPERATIONS:
        assert op.path in html
    assert 'id="schema-Listing"' in html and 'id="probleem-404"' in html


def test_security_txt(client, app):
    response = client.get("/.well-known/security.txt")
    assert response.mimetype == "text/plain"
    lines = dict(line.split(": ", 1) for line in response.get_data(as_text=True).strip().splitlines())
    assert lines["Contact"].startswith("mailto:") and lines["Preferred-Languages"] == "nl, en"
    assert lines["Canonical"].endswith("/.well-known/security.txt") and lines["Expires"].endswith("Z")
    with app.app_context():
        from wijkhulp.settings import services as settings
        settings.stage_value("security_contact_email", "cvd@gemeente.example")
        from wijkhulp.extensions import db
        db.session.commit()
    assert "mailto:cvd@gemeente.example" in client.get("/.well-known/security.txt").get_data(as_text=True)


def test_publiccode_yml_has_the_required_keys():
    doc = yaml.safe_load((ROOT / "publiccode.yml").read_text(encoding="utf-8"))
    for key in ("publiccodeYmlVersion", "name", "url", "softwareVersion", "releaseDate", "platforms", "categories",
                "developmentStatus", "softwareType", "description", "legal", "maintenance", "localisation"):
        assert key in doc, key
    assert doc["legal"]["license"] == "EUPL-1.2" and doc["softwareType"] == "standalone/web"
    for language in ("nl", "en"):
        assert {"shortDescription", "longDescription", "features"} <= set(doc["description"][language])
        assert len(doc["description"][language]["shortDescription"]) <= 150
    assert doc["localisation"]["availableLanguages"] == ["nl", "en"]
    assert doc["maintenance"]["contacts"] and doc["dependsOn"]["open"][0]["name"] == "PostgreSQL"


def test_license_is_the_eupl():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2")
    assert 'license = "EUPL-1.2"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert json.dumps  # noqa: B018


def test_rate_limit_answers_429_as_a_problem(make_app):
    app = make_app(RATELIMIT_ENABLED=True, API_RATE_LIMIT="3 per minute")
    client = app.test_client()
    codes = [client.get("/api/v1/neighbourhoods").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = client.get("/api/v1/neighbourhoods")
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["title"] == "Te veel verzoeken"
    assert response.headers["API-Version"] == spec.API_VERSION
