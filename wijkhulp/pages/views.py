"""Home, about, privacy, terms, accessibility, contact, safety tips; the language switch."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from wijkhulp import i18n
from wijkhulp.auth.redirects import safe_next
from wijkhulp.errors import InvalidInput
from wijkhulp.settings import services as settings

bp = Blueprint("pages", __name__)


@bp.get("/")
def home() -> ResponseReturnValue:
    return render_template("pages/home.html")


@bp.get("/about")
def about() -> ResponseReturnValue:
    return render_template("pages/about.html")


@bp.get("/privacy")
def privacy() -> ResponseReturnValue:
    return render_template("pages/privacy.html")


@bp.get("/terms")
def terms() -> ResponseReturnValue:
    return render_template("pages/terms.html")


@bp.get("/accessibility")
def accessibility() -> ResponseReturnValue:
    return render_template("pages/accessibility.html")


@bp.get("/contact")
def contact() -> ResponseReturnValue:
    return render_template("pages/contact.html", contact={
        key: settings.get(f"contact_{key}") for key in ("name", "email", "phone", "hours")})


@bp.get("/safety")
def safety() -> ResponseReturnValue:
    return render_template("pages/safety.html")


@bp.post("/language")
def set_language() -> ResponseReturnValue:
    language = request.form.get("language", "")
    if language not in i18n.supported():
        raise InvalidInput()
    session[i18n.SESSION_KEY] = language
    if current_user.is_authenticated:
        from wijkhulp.accounts import services as account_services

        account_services.set_locale(current_user, language)
    return redirect(safe_next(request.form.get("next")) or url_for("pages.home"))
