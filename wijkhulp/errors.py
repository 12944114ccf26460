"""Domain errors and the HTML/JSON error handlers."""

from __future__ import annotations

import logging
import math
import time
from typing import Any

from flask import Flask, jsonify, make_response, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)


class DomainError(Exception):
    """A refusal by a rule of the domain. `message` is shown to the person; `field` names a form field."""

    status_code = 422
    default_message: Any = _l("That did not work. Please check what you entered.")
    template: str | None = None  # a page of its own instead of errors/<code>.html (e.g. "confirm your e-mail first")

    def __init__(self, message: Any = None, *, field: str | None = None) -> None:
        self.message = message if message is not None else self.default_message
        self.field = field
        super().__init__(str(self.message))


class NotFound(DomainError):
    status_code = 404
    default_message = _l("We could not find that page.")


class NotAllowed(DomainError):
    status_code = 403
    default_message = _l("You are not allowed to do this.")


class Conflict(DomainError):
    status_code = 409
    default_message = _l("Someone else changed this at the same moment. Please try again.")


class InvalidInput(DomainError):
    status_code = 422


_TEMPLATES = {400: "errors/400.html", 403: "errors/403.html", 404: "errors/404.html", 410: "errors/410.html",
              405: "errors/405.html", 429: "errors/429.html"}


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _wants_problem() -> bool:
    return request.path == "/api/v1" or request.path.startswith("/api/v1/")


# The public API's errors: application/problem+json (RFC 9457) with Dutch titles, whatever the page language.
PROBLEM_TITLES = {400: "Ongeldige vraag", 403: "Niet toegestaan", 404: "Niet gevonden", 405: "Methode niet toegestaan",
                  406: "Niet aanvaardbaar", 410: "Niet meer beschikbaar", 422: "Kan niet verwerkt worden",
                  429: "Te veel verzoeken", 500: "Interne fout", 503: "Tijdelijk niet beschikbaar"}


def problem_response(status: int, detail: Any = None, *, invalid_params: list[dict[str, str]] | None = None) -> Any:
    """An RFC 9457 problem for the API; `type` points at the error's explanation on the documentation page."""
    body: dict[str, Any] = {"type": f"{request.host_url.rstrip('/')}/api#probleem-{status}",
                            "title": PROBLEM_TITLES.get(status, "Fout"), "status": status,
                            "instance": request.path}
    if detail:
        body["detail"] = str(detail)
    if invalid_params:
        body["invalidParams"] = invalid_params
    response = jsonify(body)
    response.status_code = status
    response.mimetype = "application/problem+json"
    return response


def _render(code: int, message: Any = None, template: str | None = None) -> ResponseReturnValue:
    if _wants_problem():
        return problem_response(code, message)
    if _wants_json():
        return jsonify(error=code, message=str(message or "")), code
    template = template or _TEMPLATES.get(code, "errors/generic.html")
    return render_template(template, code=code, message=message), code


def seconds_until_allowed() -> int | None:
    """Seconds until the limits this request broke let it through again (the latest of their reset times, read
    from the limiter's storage), or None when no breached limit is known."""
    from wijkhulp.extensions import limiter

    try:
        resets = [limit.reset_at for limit in limiter.current_limits if limit.breached]
    except Exception:  # the storage may be what failed; then say nothing rather than something untrue
        log.warning("could not read the rate-limit reset time", exc_info=True)
        return None
    if not resets:
        return None
    return max(1, math.ceil(max(resets) - time.time()))


def _too_many() -> ResponseReturnValue:
    seconds = seconds_until_allowed()
    if _wants_problem():
        response = problem_response(429)
    elif _wants_json():
        response = jsonify(error=429, message="Too many requests")
    else:
        response = make_response(render_template("errors/429.html", code=429,
                                                 wait_minutes=None if seconds is None else math.ceil(seconds / 60)))
    response.status_code = 429
    if seconds is not None:
        response.headers["Retry-After"] = str(seconds)
    return response


def init_app(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def handle_domain_error(exc: DomainError) -> ResponseReturnValue:
        return _render(exc.status_code, exc.message, exc.template)

    @app.errorhandler(CSRFError)
    def handle_csrf(exc: CSRFError) -> ResponseReturnValue:
        if _wants_problem():
            return problem_response(400)
        if _wants_json():
            return jsonify(error=400, message="CSRF"), 400
        return render_template("errors/csrf.html"), 400

    @app.errorhandler(HTTPException)
    def handle_http(exc: HTTPException) -> ResponseReturnValue:
        code = exc.code or 500
        if code >= 500:
            return handle_500(exc)
        if code == 429:
            return _too_many()
        return _render(code)

    @app.errorhandler(500)
    def handle_500(exc: Exception) -> ResponseReturnValue:
        from wijkhulp.extensions import db

        try:
            db.session.rollback()
        except Exception:  # pragma: no cover - the database itself may be what failed
            log.exception("rollback failed while handling an error")
        if _wants_problem():
            return problem_response(500)
        if _wants_json():
            return jsonify(error=500, message="internal error"), 500
        return render_template("errors/500.html"), 500
