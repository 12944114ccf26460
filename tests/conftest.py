"""Test harness: the schema is created once per session, tables are emptied after every test.

SQLite by default (a file in a temporary folder); PostgreSQL when TEST_DATABASE_URL is set.
Postcode areas are loaded once and kept; everything else starts empty in each test.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import text

from wijkhulp import create_app
from wijkhulp.config import database_url
from wijkhulp.extensions import db, limiter

KEEP_TABLES = {"postcode_area", "alembic_version"}

TEST_CONFIG: dict[str, Any] = {
    "TESTING": True,
    "SECRET_KEY": "test-secret",
    "WTF_CSRF_ENABLED": False,
    "RATELIMIT_ENABLED": False,
    "REQUIRE_STAFF_2FA": False,  # tests/accounts/test_two_factor.py turns it on
    "MAIL_BACKEND": "capture",
    "MAIL_DELIVER_AFTER_REQUEST": True,
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    "GEOCODER": "off",
    "BASE_URL": "http://localhost",
}


@pytest.fixture(scope="session")
def database_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = os.environ.get("TEST_DATABASE_URL")
    uri = database_url(url) if url else "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": uri})
    with app.app_context():
        db.drop_all()
        db.create_all()
        from wijkhulp.geo import services as geo

        with open(app.config["POSTCODE_DATA_FILE"], encoding="utf-8") as handle:
            geo.import_areas(handle)
        db.engine.dispose()
    yield uri
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


def _empty_tables() -> None:
    tables = [t for t in reversed(db.metadata.sorted_tables) if t.name not in KEEP_TABLES]
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def make_app(database_uri: str) -> Iterator[Callable[..., Flask]]:
    made: list[Flask] = []

    def factory(**overrides: Any) -> Flask:
        # The one Limiter object serves every app of the test process: a test that took its storage down (Redis
        # unreachable) must not leave the next app on the fallback storage.
        limiter._storage_dead = False
        app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_uri, **overrides})
        made.append(app)
        return app

    yield factory
    for index, app in enumerate(made):
        with app.app_context():
            db.session.remove()
            if index == 0:  # all apps share one database: empty it once
                _empty_tables()
            db.engine.dispose()


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app()


@pytest.fixture
def ctx(app: Flask) -> Iterator[None]:
    with app.app_context():
        yield


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def outbox(app: Flask) -> list[Any]:
    """Mail delivered during the test (the capture backend)."""
    return app.extensions.setdefault("mail_capture", [])
