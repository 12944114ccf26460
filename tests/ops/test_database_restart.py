"""After a PostgreSQL restart the pooled connections are dead: the app tests each one as it is taken, so no
request fails on a connection that died while it was idle (found by bench/faults.py)."""

from __future__ import annotations

import psycopg
import pytest

from tests.conftest import TEST_CONFIG
from wijkhulp import create_app
from wijkhulp.extensions import db


def test_postgresql_pools_are_pinged_and_sqlite_is_left_alone() -> None:
    pg = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "postgresql://nobody@127.0.0.1:1/none"})
    assert pg.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True
    chosen = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "postgresql://nobody@127.0.0.1:1/none",
                         "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": False, "pool_size": 3}})
    assert chosen.config["SQLALCHEMY_ENGINE_OPTIONS"] == {"pool_pre_ping": False, "pool_size": 3}
    lite = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert "pool_pre_ping" not in lite.config["SQLALCHEMY_ENGINE_OPTIONS"]


def test_a_request_after_the_database_dropped_every_connection_succeeds(make_app) -> None:
    app = make_app()
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("PostgreSQL only (run with scripts/pg_test_db.py)")
    client = app.test_client()
    assert client.get("/help").status_code == 200  # a pooled connection now exists
    with app.app_context():
        url = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    # as a restart does: end every session of this database, from a connection outside the app's pool
    with psycopg.connect(url, autocommit=True) as other:
        ended = other.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                              "WHERE datname = current_database() AND pid <> pg_backend_pid()").fetchone()
    assert ended is not None and ended[0] >= 1
    assert client.get("/help").status_code == 200
    assert client.get("/readyz").status_code == 200
