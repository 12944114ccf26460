"""Open data: CSV and JSON of the public figures per neighbourhood and month (suppressed), and DCAT-AP(-NL)
metadata as JSON-LD that parses offline with rdflib and has the mandatory properties."""

from __future__ import annotations

import csv
import io
import json
import re
import warnings

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from tests import factories
from tests.marketplace import helpers as market



@pytest.fixture
def seeded(app):
    with app.app_context():
        market.neighbourhood("3601", name="Maarssen-dorp")
        author = factories.user()
        cat = market.category()
        for _ in range(3):
            market.raw_listing(author, category_id=cat.id, pc4="3601")


def _graph(text: str) -> Graph:
    data = json.loads(text)
    assert isinstance(data["@context"], dict)  # inlined: nothing is fetched
    graph = Graph()
    with warnings.catch_warnings():  # rdflib 7's JSON-LD parser builds a ConjunctiveGraph, deprecated by rdflib
        warnings.simplefilter("ignore", DeprecationWarning)
        graph.parse(data=text, format="json-ld")
    return graph


def _check_dcat(graph: Graph) -> None:
    datasets = list(graph.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) == 1
    dataset = datasets[0]
    for prop in (DCTERMS.title, DCTERMS.description, DCTERMS.publisher, DCTERMS.license, DCTERMS.temporal,
                 DCTERMS.spatial, DCAT.distribution):
        assert graph.value(dataset, prop) is not None, prop
    distributions = list(graph.objects(dataset, DCAT.distribution))
    assert len(distributions) >= 2
    media = set()
    for distribution in distributions:
        assert isinstance(graph.value(distribution, DCAT.accessURL), URIRef)
        media.add(str(graph.value(distribution, DCAT.mediaType)))
    assert {"http://www.iana.org/assignments/media-types/text/csv",
            "http://www.iana.org/assignments/media-types/application/json"} <= media
    temporal = graph.value(dataset, DCTERMS.temporal)
    assert graph.value(temporal, DCAT.startDate) is not None and graph.value(temporal, DCAT.endDate) is not None
    assert list(graph.subjects(RDF.type, DCAT.Catalog))


def test_catalogue_at_its_own_url_parses_offline_and_has_the_mandatory_properties(client, seeded):
    response = client.get("/open-data/catalog.jsonld")
    assert response.mimetype == "application/ld+json"
    _check_dcat(_graph(response.get_data(as_text=True)))


def test_catalogue_is_embedded_in_the_page(client, seeded):
    html = client.get("/open-data").get_data(as_text=True)
    embedded = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert embedded is not None
    _check_dcat(_graph(embedded.group(1)))
    assert "CC0 1.0" in html and 'rel="license"' in html


def test_licence_is_a_setting(app, client, seeded):
    with app.app_context():
        from wijkhulp.extensions import db
        from wijkhulp.settings import services as settings

        settings.stage_value("open_data_attribution", "ja")
        db.session.commit()
    graph = _graph(client.get("/open-data/catalog.jsonld").get_data(as_text=True))
    licences = {str(o) for o in graph.objects(None, DCTERMS.license)}
    assert licences == {"http://creativecommons.org/licenses/by/4.0/"}
    assert "CC BY 4.0" in client.get("/open-data").get_data(as_text=True)


def test_csv_and_json_hold_suppressed_figures_per_neighbourhood_and_month(client, seeded):
    response = client.get("/open-data/figures.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert {r["neighbourhood"] for r in rows} == {"all", "Maarssen-dorp"}
    assert len({r["month"] for r in rows}) == 12
    counts = [r["value"] for r in rows if r["unit"] == "count"]
    assert "<5" in counts
    assert all(v in ("", "0", "<5") or float(v) >= 5 for v in counts)
    body = client.get("/open-data/figures.json").get_json()
    assert body["licence"]["name"] == "CC0 1.0"
    values = [f["value"] for f in body["figures"] if f["unit"] == "count"]
    assert "<5" in values and all(v in (None, 0, "<5") or v >= 5 for v in values)


def test_footer_links_open_data_and_the_api(client):
    html = client.get("/").get_data(as_text=True)
    assert 'href="/open-data"' in html and 'href="/api"' in html
