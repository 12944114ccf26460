"""The public impact page computes its figures at most once a minute per scope and language (wijkhulp.cache)."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import event

from tests import factories
from tests.marketplace import helpers
from wijkhulp.extensions import db


def _statements(app, client, path: str) -> tuple[int, str]:
    seen: list[str] = []

    def record(conn, cursor, statement, *args):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        response = client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert response.status_code == 200
    return len(seen), response.get_data(as_text=True)


def _some_activity(app) -> int:
    with app.app_context():
        hood = helpers.neighbourhood("3601", name="Maarssen-dorp")
        author = factories.user()
        helpers.listing(author)
        return hood.id


def test_figures_are_computed_once_a_minute(app, client, monkeypatch):
    hood_id = _some_activity(app)
    first, _ = _statements(app, client, "/impact")
    again, _ = _statements(app, client, "/impact")
    assert again < first - 3, (first, again)  # only the page's own reads (neighbourhood list), no figures
    other, _ = _statements(app, client, f"/impact?neighbourhood={hood_id}")
    assert other >= first - 1  # another scope: computed for itself

    import time

    from wijkhulp import cache

    later = time.monotonic() + 61
    monkeypatch.setattr(cache.time, "monotonic", lambda: later)
    after_a_minute, _ = _statements(app, client, "/impact")
    assert after_a_minute == first


def test_each_language_gets_its_own_figures(app, client):
    _some_activity(app)
    client.post("/language", data={"language": "nl"})
    _, dutch = _statements(app, client, "/impact")
    client.post("/language", data={"language": "en"})
    _, english = _statements(app, client, "/impact")
    assert 'lang="nl"' in dutch and 'lang="en"' in english
    assert "Wat we samen hebben gedaan" in dutch and "Wat we samen hebben gedaan" not in english
    assert dutch != english


def test_redis_holds_the_figures_when_redis_url_is_set(make_app):
    import redis

    url = "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        pytest.skip("Redis does not answer on 127.0.0.1:6379")
    prefix = f"wijkhulp-test-{uuid.uuid4().hex[:8]}:"
    app = make_app(REDIS_URL=url, CACHE_KEY_PREFIX=prefix)
    client = app.test_client()
    try:
        assert client.get("/impact").status_code == 200
        keys = list(redis.Redis.from_url(url).scan_iter(prefix + "impact:*"))
        assert len(keys) == 1
        ttl = redis.Redis.from_url(url).ttl(keys[0])
        assert 0 < ttl <= 60
        assert client.get("/impact").status_code == 200
    finally:
        for key in redis.Redis.from_url(url).scan_iter(prefix + "*"):
            redis.Redis.from_url(url).delete(key)
