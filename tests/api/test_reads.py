"""The API and open data only read (nothing written on a GET), and the figures are the impact page's own."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from tests import factories
from tests.api.seed import seed
from tests.marketplace import helpers as market
from wijkhulp import metrics
from wijkhulp.api import spec
from wijkhulp.dashboard import queries as dashboard
from wijkhulp.dashboard.periods import IMPACT_START
from wijkhulp.database import utcnow
from wijkhulp.extensions import db

WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture
def app(make_app):
    return make_app(MAIL_DELIVER_AFTER_REQUEST=False)  # the outbox delivery after a request is a development aid


def test_nothing_is_written_on_any_api_or_open_data_get(app, client):
    with app.app_context():
        data = seed()
        engine = db.engine
    urls = [op.path.format(listingId=data.visible, roundId=data.round_id, ideaId=data.idea_id, callId=data.call_id,
                           planId=data.plan_id, organisationId=data.org_id, neighbourhoodId=data.hood_id)
            for op in spec.OPERATIONS]
    urls += ["/api/v1/openapi.json", "/api", "/open-data", "/open-data/figures.csv", "/open-data/figures.json",
             "/open-data/catalog.jsonld", "/.well-known/security.txt", f"/api/v1/listings/{data.withdrawn}"]
    seen: list[str] = []

    def listen(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip().upper().startswith(WRITES):
            seen.append(statement[:100])

    event.listen(engine, "before_cursor_execute", listen)
    try:
        for url in urls:
            assert client.get(url).status_code in (200, 410), url
    finally:
        event.remove(engine, "before_cursor_execute", listen)
    assert seen == []


def test_figures_are_the_impact_pages_figures_suppressed(app, client):
    with app.app_context():
        author = factories.user()
        cat = market.category()
        for _ in range(6):
            market.raw_listing(author, category_id=cat.id)
        expected = {f.figure.key: metrics.suppress(f.value, f.figure.unit)
                    for s in dashboard.compute(None, IMPACT_START, utcnow(), public_only=True) for f in s.figures}
    body = client.get("/api/v1/figures").get_json()
    got = {f["key"]: f["value"] for s in body["sections"] for f in s["figures"]}
    assert got == expected
    impact = client.get("/impact").get_data(as_text=True)
    assert all(value != "<5" or "&lt;5" in impact for value in got.values())
