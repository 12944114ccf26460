"""Migrations own the schema: upgrade an empty database, then `db check` finds no drift; one head."""

from __future__ import annotations

import os
import uuid

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory

from tests.conftest import TEST_CONFIG
from wijkhulp import create_app
from wijkhulp.config import database_url

MIGRATIONS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "migrations")


def test_single_head() -> None:
    config = Config(os.path.join(MIGRATIONS, "alembic.ini"))
    config.set_main_option("script_location", MIGRATIONS)
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


@pytest.fixture
def empty_database_uri(tmp_path):
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    import psycopg
    from urllib.parse import urlsplit, urlunsplit

    name = f"wijkhulp_mig_{uuid.uuid4().hex[:8]}"
    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield database_url(urlunsplit(urlsplit(url)._replace(path="/" + name)))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_upgrade_then_check_shows_no_drift(empty_database_uri) -> None:
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": empty_database_uri})
    runner = app.test_cli_runner()
    upgrade = runner.invoke(args=["db", "upgrade"])
    assert upgrade.exit_code == 0, upgrade.output
    check = runner.invoke(args=["db", "check"])
    assert check.exit_code == 0, check.output
    downgrade = runner.invoke(args=["db", "downgrade", "base"])
    assert downgrade.exit_code == 0, downgrade.output
    with app.app_context():
        from wijkhulp.extensions import db

        db.engine.dispose()
