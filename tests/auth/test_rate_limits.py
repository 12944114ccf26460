"""Rate limits that hold with several app servers: no per-process memory storage in production unless configured,
Redis down falls back to memory (logged, never an error), limits key on the real client behind trusted proxies,
and every password check is limited like the sign-in."""

from __future__ import annotations

import logging
import socket

import pytest

from tests import factories
from tests.conftest import TEST_CONFIG
from wijkhulp import create_app

WRONG = "dit is niet mijn wachtwoord"


def _production(uri: str, **overrides):
    config = {**TEST_CONFIG, "TESTING": False, "DEBUG": False, "RATELIMIT_ENABLED": True,
              "SQLALCHEMY_DATABASE_URI": uri, **overrides}
    return create_app(config)


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens here once the socket is closed


def test_production_refuses_per_process_memory_storage(database_uri):
    with pytest.raises(RuntimeError, match="REDIS_URL"):
        _production(database_uri)


def test_production_starts_with_redis_or_an_explicit_single_process_choice(database_uri):
    assert _production(database_uri, RATELIMIT_ALLOW_MEMORY=True)
    app = _production(database_uri, REDIS_URL=f"redis://127.0.0.1:{_closed_port()}/0")
    assert app.config["RATELIMIT_STORAGE_URI"].startswith("redis://")


def test_the_environment_decides(database_uri, monkeypatch, tmp_path):
    for key in ("REDIS_URL", "FLASK_DEBUG", "WIJKHULP_RATELIMIT_ALLOW_MEMORY", "WIJKHULP_TRUSTED_PROXIES"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("SECRET_KEY", "not-the-dev-key")
    monkeypatch.setenv("DATABASE_URL", database_uri)
    with pytest.raises(RuntimeError):
        create_app()
    monkeypatch.setenv("WIJKHULP_RATELIMIT_ALLOW_MEMORY", "true")
    monkeypatch.setenv("WIJKHULP_TRUSTED_PROXIES", "1")
    app = create_app()
    assert app.config["RATELIMIT_ALLOW_MEMORY"] is True and app.config["TRUSTED_PROXIES"] == 1
    monkeypatch.setenv("WIJKHULP_TRUSTED_PROXIES", "veel")
    with pytest.raises(RuntimeError, match="TRUSTED_PROXIES"):
        create_app()


def test_redis_down_falls_back_to_memory_logs_it_and_never_errors(make_app, caplog):
    app = make_app(RATELIMIT_ENABLED=True, REDIS_URL=f"redis://127.0.0.1:{_closed_port()}/0")
    assert app.config["RATELIMIT_STORAGE_URI"].startswith("redis://")
    with app.app_context():
        email = factories.user().email
    client = app.test_client()
    # An earlier test may have run Alembic, whose logging.config.fileConfig disables loggers that already exist.
    logging.getLogger("flask-limiter").disabled = False
    with caplog.at_level(logging.WARNING, logger="flask-limiter"):
        statuses = [client.post("/login", data={"email": email, "password": WRONG}).status_code
                    for _ in range(12)]
        assert client.get("/").status_code == 200
    assert all(status < 500 for status in statuses)
    assert statuses[:10] == [422] * 10 and statuses[10:] == [429, 429]  # the limits still hold, in memory
    assert any("falling back to in-memory" in record.getMessage() for record in caplog.records)


def _wrong_logins(client, email: str, n: int, address: str | None = None) -> list[int]:
    headers = {"X-Forwarded-For": address} if address else {}
    return [client.post("/login", data={"email": email, "password": WRONG}, headers=headers).status_code
            for _ in range(n)]


def test_behind_a_trusted_proxy_limits_key_on_the_real_client(make_app):
    app = make_app(RATELIMIT_ENABLED=True, TRUSTED_PROXIES=1)
    with app.app_context():
        email = factories.user().email
    client = app.test_client()
    assert _wrong_logins(client, email, 11, "203.0.113.5")[-1] == 429
    assert _wrong_logins(client, email, 1, "203.0.113.6") == [422]  # a neighbour behind the same proxy


def test_without_trusted_proxies_a_forged_header_does_not_reset_the_limit(make_app):
    app = make_app(RATELIMIT_ENABLED=True, TRUSTED_PROXIES=0)
    with app.app_context():
        email = factories.user().email
    client = app.test_client()
    statuses = [_wrong_logins(client, email, 1, f"203.0.113.{n}")[0] for n in range(1, 12)]
    assert statuses[-1] == 429


def test_a_client_cannot_choose_its_address_through_a_trusted_proxy(make_app):
    app = make_app(RATELIMIT_ENABLED=True, TRUSTED_PROXIES=1)
    with app.app_context():
        email = factories.user().email
    client = app.test_client()
    # the client sends its own X-Forwarded-For; the proxy appends the real address: only the last one counts
    statuses = [_wrong_logins(client, email, 1, f"10.0.0.{n}, 203.0.113.9")[0] for n in range(1, 12)]
    assert statuses[-1] == 429


@pytest.mark.parametrize(("path", "data"), [
    ("/account/password", {"current_password": WRONG, "new_password": "een nieuwe lange zin 7",
                           "new_password_repeat": "een nieuwe lange zin 7"}),
    ("/account/email", {"new_email": "nieuw@example.org", "password": WRONG}),
    ("/account/delete", {"password": WRONG, "confirm": "y"}),
])
def test_password_checks_are_limited_like_the_sign_in(make_app, path, data):
    app = make_app(RATELIMIT_ENABLED=True, TRUSTED_PROXIES=1)
    with app.app_context():
        email = factories.user().email
    client = app.test_client()
    factories.login(client, email)
    # every guess from another address: the limit on the account still holds
    statuses = [client.post(path, data=data, headers={"X-Forwarded-For": f"198.51.100.{n}"}).status_code
                for n in range(1, 13)]
    assert statuses[:10] == [422] * 10
    assert statuses[10:] == [429, 429]
    assert _signed_in_still(client)


def _signed_in_still(client) -> bool:
    return client.get("/account/").status_code == 200


def test_the_password_limit_can_be_raised_for_a_load_test_and_holds_otherwise(make_app):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_PASSWORD_CHECK="20 per minute")
    with app.app_context():
        email = factories.user().email
    statuses = _wrong_logins(app.test_client(), email, 21)
    assert statuses[:20] == [422] * 20 and statuses[20] == 429
    default = make_app(RATELIMIT_ENABLED=True)
    with default.app_context():
        email = factories.user().email
    assert _wrong_logins(default.test_client(), email, 11)[10] == 429
