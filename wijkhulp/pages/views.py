"""Public information pages and the language switch (views).

The long texts (about, privacy, terms, accessibility, safety tips, and the home page) are documents: one template
per language in templates/pages/<locale>/, written as a whole rather than stitched together from msgids, so the
Dutch reads at language level B1. Small layout strings stay msgids.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from wijkhulp import i18n
from wijkhulp.auth.redirects import safe_next
from wijkhulp.errors import InvalidInput
from wijkhulp.pages import overview
from wijkhulp.privacy import retention
from wijkhulp.settings import services as settings

bp = Blueprint("pages", __name__)

SAFETY_GROUP = _l("Safety page")
A11Y_GROUP = _l("Accessibility statement")
VOLUNTEER_INSURANCE = "volunteer_insurance"
A11Y_STATUS = "accessibility_status"
A11Y_RESEARCH_DATE = "accessibility_research_date"
A11Y_RESEARCHER = "accessibility_researcher"
A11Y_GAPS = "accessibility_known_problems"
A11Y_RESPONSE_DAYS = "accessibility_response_days"
A11Y_STATEMENT_DATE = "accessibility_statement_date"
# The statuses of digitoegankelijk.nl's register (the official model of the Dutch accessibility statement).
A11Y_STATUSES = {
    "A": _l("A – fully compliant"),
    "B": _l("B – partially compliant"),
    "C": _l("C – first measures taken"),
    "D": _l("D – not compliant"),
}


def _document(name: str, **context: Any) -> str:
    """Render pages/<locale>/<name>.html, falling back to the default language's version."""
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    candidates = [f"pages/{i18n.current_locale()}/{name}.html", f"pages/{default}/{name}.html"]
    return render_template(candidates, **context)


def _contact() -> dict[str, Any]:
    return {key: settings.get(f"contact_{key}") for key in ("name", "email", "phone", "hours")}


@bp.get("/")
def home() -> ResponseReturnValue:
    """A visitor gets the introduction with a "find help near you" box; a signed-in person their own overview."""
    if not current_user.is_authenticated:
        return _document("home")
    return render_template("pages/overview.html", **overview.personal_overview(current_user))


@bp.get("/about")
def about() -> ResponseReturnValue:
    return _document("about")


@bp.get("/privacy")
def privacy() -> ResponseReturnValue:
    return _document("privacy", contact=_contact(), retention=retention.periods(),
                     record_years=retention.RECORD_YEARS)


@bp.get("/terms")
def terms() -> ResponseReturnValue:
    return _document("terms", contact=_contact())


def _day(iso: str) -> date | None:
    try:
        return date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


@bp.get("/accessibility")
def accessibility() -> ResponseReturnValue:
    status = str(settings.get(A11Y_STATUS))
    gaps = [line.strip(" -•\t") for line in str(settings.get(A11Y_GAPS)).splitlines() if line.strip(" -•\t")]
    statement = {"status": status, "status_label": A11Y_STATUSES.get(status, status),
                 "research_date": _day(str(settings.get(A11Y_RESEARCH_DATE))),
                 "researcher": settings.get(A11Y_RESEARCHER), "gaps": gaps,
                 "response_days": settings.get(A11Y_RESPONSE_DAYS),
                 "statement_date": _day(str(settings.get(A11Y_STATEMENT_DATE))),
                 "municipality": settings.get("municipality_name")}
    return _document("accessibility", contact=_contact(), statement=statement)


@bp.get("/contact")
def contact() -> ResponseReturnValue:
    return render_template("pages/contact.html", contact=_contact())


@bp.get("/safety")
def safety() -> ResponseReturnValue:
    return _document("safety", contact=_contact(), insurance=str(settings.get(VOLUNTEER_INSURANCE)),
                     municipality=settings.get("municipality_name"))


@bp.get("/favicon.ico")
def favicon() -> ResponseReturnValue:
    """Browsers ask for /favicon.ico on every site; serve the icon instead of a 404 in every log."""
    with current_app.open_resource("static/favicon.ico") as icon:  # 4 KB: read and closed at once
        response = current_app.response_class(icon.read(), mimetype="image/x-icon")
    response.cache_control.public = True
    response.cache_control.max_age = 7 * 24 * 3600
    return response


@bp.post("/language")
def set_language() -> ResponseReturnValue:
    language = request.form.get("language", "")
    if language not in i18n.supported():
        raise InvalidInput(_("Choose one of the languages on this site: Dutch or English."), field="language")
    session[i18n.SESSION_KEY] = language
    if current_user.is_authenticated:
        from wijkhulp.accounts import services as account_services

        account_services.set_locale(current_user, language)
    return redirect(safe_next(request.form.get("next")) or url_for("pages.home"))
