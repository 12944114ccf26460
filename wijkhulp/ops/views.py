"""/healthz, /readyz and /metrics, and the per-request hooks: request id, JSON log line, request metrics."""

from __future__ import annotations

import hmac
import logging
import re
import time
import uuid

from flask import Blueprint, Flask, Response, current_app, g, jsonify, request
from werkzeug.exceptions import NotFound

from wijkhulp.extensions import limiter
from wijkhulp.ops import health, metrics

bp = Blueprint("ops", __name__)
limiter.exempt(bp)
log = logging.getLogger("wijkhulp.request")

PROBES = frozenset({"ops.healthz", "ops.readyz", "ops.metrics_page"})
# A request id from the load balancer is taken when it looks like one (no spaces, no markup, not too long).
REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{8,128}")


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
def healthz() -> Response:
    """The process answers. No database: a database outage must not make the orchestrator restart every server."""
    return _no_store(Response("ok\n", mimetype="text/plain"))


@bp.get("/readyz")
def readyz() -> tuple[Response, int]:
    """Ready when the database answers within READYZ_TIMEOUT. Redis is optional: reported, never a reason."""
    database, redis = health.database(), health.redis()
    body = {"status": "ready" if database.ok else "not ready",
            "database": database.state, "redis": redis.state}
    return _no_store(jsonify(body)), 200 if database.ok else 503


@bp.get("/metrics")
def metrics_page() -> Response:
    """Prometheus text format, only with `Authorization: Bearer <METRICS_TOKEN>`; without a token set: 404."""
    token = current_app.config.get("METRICS_TOKEN")
    if not token:
        raise NotFound()
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        response = Response("metrics need the token\n", status=401, mimetype="text/plain")
        response.headers["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return _no_store(Response(metrics.exposition(), mimetype=metrics.CONTENT_TYPE))


@bp.before_app_request
def start_request() -> None:
    given = request.headers.get("X-Request-ID", "")
    g.request_id = given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


@bp.after_app_request
def finish_request(response: Response) -> Response:
    request_id = getattr(g, "request_id", None)
    if request_id is None:  # a response made before our hook ran (another before_request answered)
        return response
    response.headers["X-Request-ID"] = request_id
    endpoint = request.endpoint or "unmatched"
    if endpoint in PROBES:
        return response
    seconds = time.perf_counter() - g.request_started
    metrics.observe(endpoint, request.method, response.status_code, seconds)
    if current_app.config.get("REQUEST_LOG_JSON"):
        user = g.get("_login_user")  # only when this request loaded the person: no extra query for a log line
        user_id = getattr(user, "id", None) if getattr(user, "is_authenticated", False) else None
        # The route's template (/help/<int:listing_id>), never the URL itself: no ids of people, no query string.
        path = request.url_rule.rule if request.url_rule is not None else "unmatched"
        log.info("request", extra={"request_id": request_id, "method": request.method, "path": path,
                                   "status": response.status_code, "duration_ms": round(seconds * 1000, 2),
                                   "user_id": user_id})
    return response


def init_app(app: Flask) -> None:
    fmt = str(app.config.get("LOG_FORMAT", "auto")).lower()
    app.config["REQUEST_LOG_JSON"] = fmt == "json" or (fmt == "auto" and not (app.debug or app.testing))
    if app.config["REQUEST_LOG_JSON"] and not app.testing:  # tests read the records, not standard error
        from wijkhulp.ops import logs

        logs.use_json()
