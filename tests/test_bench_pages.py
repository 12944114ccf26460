"""bench/pages.py's seeding and measuring pieces work (at a tiny size; nothing is timed)."""

from __future__ import annotations

import os

from bench import pages
from tests import factories
from tests.marketplace import helpers


def test_the_seeded_pages_answer(app, client):
    with app.app_context():
        categories = helpers.defaults()
        author = factories.user(postcode="1012 AB")
        helpers.raw_listing(author, category_id=next(iter(categories.values())).id, pc4="1012",
                            title="Hond uitlaten")
        ids = pages.seed_content(100)
    for _name, path, signed_in in pages.PAGES:
        if signed_in:
            continue
        response = client.get(path.format(**ids))
        assert response.status_code == 200, path
    factories.login(client, pages.BENCH_EMAIL, pages.PASSWORD)
    assert "Nieuwe reactie 29" in client.get("/notifications/").get_data(as_text=True)
    assert "Hulp bij de tuin 4" in client.get("/my/listings").get_data(as_text=True)


def test_the_measuring_helpers():
    assert pages.cpu_seconds([os.getpid()]) > 0
    sample = pages.Sample(requests=4, seconds=2.0, cpu=0.008, latencies=[1.0, 2.0, 3.0, 10.0])
    row = pages.summarise("x", sample)
    assert (row.rps, row.p50, row.p99, row.cpu_ms) == (2.0, 2.0, 10.0, 2.0)
    assert "| x | 2 |" in pages.table([row], row)
