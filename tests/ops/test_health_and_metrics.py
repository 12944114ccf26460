"""/healthz, /readyz and /metrics: what a load balancer and Prometheus see, and what they must never see."""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import Callable
from datetime import timedelta

import pytest
from flask import Flask

from tests import factories
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.notifications.services import queue_mail

TOKEN = "a-metrics-token-of-some-length"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_healthz_answers_without_the_database_and_sets_no_cookie(app: Flask, make_app: Callable[..., Flask]) -> None:
    # `app` first: the fixture empties the tables through the first app made, which must reach the database
    app = make_app(SQLALCHEMY_DATABASE_URI=f"postgresql+psycopg://nobody@127.0.0.1:{_free_port()}/none", MAIL_DELIVER_AFTER_REQUEST=False)
    response = app.test_client().get("/healthz")
    assert response.status_code == 200 and response.data == b"ok\n"
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_is_ready_with_the_database_and_reports_redis(make_app: Callable[..., Flask]) -> None:
    app = make_app(REDIS_URL=f"redis://127.0.0.1:{_free_port()}/0")  # a Redis that is not there
    response = app.test_client().get("/readyz")
    assert response.status_code == 200, response.data
    assert response.json == {"status": "ready", "database": "ok", "redis": "down"}
    assert "Set-Cookie" not in response.headers


def test_readyz_without_redis_configured(client) -> None:
    assert client.get("/readyz").json["redis"] == "not configured"


def test_readyz_fails_when_the_database_does_not_answer(app: Flask, make_app: Callable[..., Flask]) -> None:
    app = make_app(SQLALCHEMY_DATABASE_URI=f"postgresql+psycopg://nobody@127.0.0.1:{_free_port()}/none",
                   READYZ_TIMEOUT=1.0, MAIL_DELIVER_AFTER_REQUEST=False)
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["status"] == "not ready" and response.json["database"] in ("down", "timeout")


def test_readyz_gives_up_on_a_database_that_hangs(app: Flask, make_app: Callable[..., Flask]) -> None:
    """A server that accepts the connection and never answers: a timeout within READYZ_TIMEOUT, not a hang."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(5)
        port = silent.getsockname()[1]
        app = make_app(SQLALCHEMY_DATABASE_URI=f"postgresql+psycopg://nobody@127.0.0.1:{port}/none", MAIL_DELIVER_AFTER_REQUEST=False,
                       READYZ_TIMEOUT=0.5)
        response = app.test_client().get("/readyz")
    assert response.status_code == 503 and response.json["database"] == "timeout"


def test_probes_are_never_rate_limited(make_app: Callable[..., Flask]) -> None:
    app = make_app(RATELIMIT_ENABLED=True)
    client = app.test_client()
    assert all(client.get("/healthz").status_code == 200 for _ in range(300))


def test_metrics_is_hidden_without_a_token_setting(client) -> None:
    assert client.get("/metrics").status_code == 404


@pytest.mark.parametrize("header", [None, "Bearer wrong", f"Bearer {TOKEN}x", TOKEN, f"Basic {TOKEN}"])
def test_metrics_refuses_a_wrong_token(make_app: Callable[..., Flask], header: str | None) -> None:
    client = make_app(METRICS_TOKEN=TOKEN).test_client()
    response = client.get("/metrics", headers={"Authorization": header} if header else {})
    assert response.status_code == 401
    assert b"wijkhulp_" not in response.data


def test_metrics_counts_requests_and_reads_the_state(make_app: Callable[..., Flask]) -> None:
    app = make_app(METRICS_TOKEN=TOKEN, MAIL_DELIVER_AFTER_REQUEST=False)
    client = app.test_client()
    with app.app_context():
        queue_mail(to="someone@example.org", subject="s", body="b")
        db.session.commit()
    client.get("/about")
    client.get("/help/999999")
    text = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).get_data(as_text=True)
    assert 'wijkhulp_http_requests_total{endpoint="pages.about",method="GET",status="200"}' in text
    assert 'endpoint="marketplace.detail"' in text or 'status="404"' in text
    assert "wijkhulp_outbox_queued 1.0" in text
    assert "wijkhulp_outbox_oldest_queued_age_seconds" in text
    assert "wijkhulp_outbox_failed 0.0" in text
    assert "wijkhulp_listings_open 0.0" in text
    assert "ops.metrics_page" not in text and "ops.healthz" not in text  # the probes are not traffic


def test_every_response_carries_a_request_id(client) -> None:
    made = client.get("/about").headers["X-Request-ID"]
    assert len(made) == 32
    given = client.get("/about", headers={"X-Request-ID": "lb-1234abcd"}).headers["X-Request-ID"]
    assert given == "lb-1234abcd"
    refused = client.get("/about", headers={"X-Request-ID": "<script>alert(1)</script>"}).headers["X-Request-ID"]
    assert "<" not in refused and len(refused) == 32


def test_the_error_page_shows_the_request_id(make_app: Callable[..., Flask]) -> None:
    app = make_app()

    @app.get("/boom-for-test")
    def boom() -> str:
        raise RuntimeError("boom")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().get("/boom-for-test", headers={"X-Request-ID": "req-0000feedbeef"})
    assert response.status_code == 500
    assert b"req-0000feedbeef" in response.data and response.headers["X-Request-ID"] == "req-0000feedbeef"


def test_one_json_line_per_request_without_personal_data(make_app: Callable[..., Flask],
                                                         caplog: pytest.LogCaptureFixture) -> None:
    app = make_app(LOG_FORMAT="json")
    client = app.test_client()
    with app.app_context():
        person = factories.user(email="logged@example.org", display_name="Loggie")
        db.session.commit()
        person_id = person.id
    factories.login(client, "logged@example.org")
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="wijkhulp.request"):
        client.get("/help?near=3601&q=secretword", headers={"X-Request-ID": "req-abcdef12"})
        client.get("/healthz")
    records = [r for r in caplog.records if r.name == "wijkhulp.request"]
    assert len(records) == 1  # the probe is not logged
    record = records[0]
    from wijkhulp.ops.logs import JsonFormatter

    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "req-abcdef12" and line["method"] == "GET" and line["path"] == "/help"
    assert line["status"] == 200 and line["duration_ms"] >= 0 and line["user_id"] == person_id
    assert "secretword" not in json.dumps(line) and "logged@example.org" not in json.dumps(line)


def test_the_log_line_has_the_route_template_not_the_ids(make_app: Callable[..., Flask],
                                                         caplog: pytest.LogCaptureFixture) -> None:
    app = make_app(LOG_FORMAT="json")
    with caplog.at_level(logging.INFO, logger="wijkhulp.request"):
        app.test_client().get("/people/12345/help")
    paths = [r.path for r in caplog.records if r.name == "wijkhulp.request"]
    assert paths and "12345" not in paths[0] and "<" in paths[0]


def test_no_request_log_in_development(client, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="wijkhulp.request"):
        client.get("/about")
    assert not [r for r in caplog.records if r.name == "wijkhulp.request"]


def test_oldest_queued_age(make_app: Callable[..., Flask]) -> None:
    app = make_app(METRICS_TOKEN=TOKEN, MAIL_DELIVER_AFTER_REQUEST=False)
    with app.app_context():
        mail = queue_mail(to="old@example.org", subject="s", body="b")
        mail.created_at = utcnow() - timedelta(minutes=10)
        db.session.commit()
    text = app.test_client().get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).get_data(as_text=True)
    age = next(float(line.split()[1]) for line in text.splitlines()
               if line.startswith("wijkhulp_outbox_oldest_queued_age_seconds "))
    assert 590 < age < 700


def test_json_logs_have_one_handler_and_no_second_plain_copy() -> None:
    """Production logging: one JSON handler on the root logger however often it is set up, Flask's plain-text
    handler off the app's logger (else each line twice), and the records still propagate to other listeners."""
    from flask.logging import default_handler

    from wijkhulp.ops import logs

    logs.use_json()
    logs.use_json()
    handlers = [h for h in logging.getLogger().handlers if h.get_name() == "wijkhulp-json"]
    assert len(handlers) == 1
    assert default_handler not in logging.getLogger("wijkhulp").handlers
    assert logging.getLogger("wijkhulp.request").propagate and logging.getLogger("flask-limiter").propagate
    record = logging.LogRecord("wijkhulp.request", logging.INFO, __file__, 1, "request", None, None)
    record.request_id, record.status = "req-once-0001", 200
    assert json.loads(handlers[0].format(record))["status"] == 200
