"""Two-step sign-in pages: the code after the password, setting it up (QR code), recovery codes, turning it off."""

from __future__ import annotations

import base64
import binascii
import time
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required
from markupsafe import Markup

from wijkhulp.accounts.decorators import (SECOND_STEP_PENDING, account_limit_key, mark_second_step_passed, sign_in,
                                          second_step_passed)
from wijkhulp.accounts.twofactor import forms
from wijkhulp.accounts.twofactor import services as twofactor
from wijkhulp.errors import DomainError
from wijkhulp.extensions import PASSWORD_CHECK_LIMIT, limiter
from wijkhulp.forms import attach_error

bp = Blueprint("twofactor", __name__)

SETUP_SECRET = "2fa_setup_secret"  # the secret of a setup in progress, in the person's own session
PENDING_MAX_AGE = 10 * 60  # seconds between the password and the code
CODE_LIMIT = "5 per minute;20 per hour"  # per account: 6 digits must not be guessable


def safe_next(target: str | None) -> str | None:
    """A local path, or None for anything that could leave the site (auth.redirects is a layer above)."""
    target = (target or "").strip()
    if not target.startswith("/") or target.startswith("//") or "\\" in target \
            or any(ord(c) < 32 for c in target):
        return None
    parts = urlsplit(target)
    return None if parts.scheme or parts.netloc else target


def _me() -> Any:
    return current_user._get_current_object()


def _status() -> int:
    return 422 if request.method == "POST" else 200


def _next() -> str | None:
    return safe_next(request.args.get("next") or request.form.get("next"))


def _pending() -> dict[str, Any] | None:
    data = session.get(SECOND_STEP_PENDING)
    if not isinstance(data, dict) or not isinstance(data.get("at"), int | float):
        return None
    if time.time() - data["at"] > PENDING_MAX_AGE:
        session.pop(SECOND_STEP_PENDING, None)
        return None
    return data


def _code_limit_key() -> str:
    """The account whose code is typed, wherever the guesses come from."""
    if current_user.is_authenticated:
        return f"2fa:{current_user.id}"
    data = _pending()
    return f"2fa:{data.get('uid')}" if data else (get_remote_address() or "")


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(PASSWORD_CHECK_LIMIT, methods=["POST"])
@limiter.limit(CODE_LIMIT, methods=["POST"], key_func=_code_limit_key)
def second_step() -> ResponseReturnValue:
    data = _pending()
    next_url = _next()
    if current_user.is_authenticated:  # signed in earlier (or on a remembered device): a staff page asks again
        user = _me()
        if second_step_passed(user) or not twofactor.is_enabled(user):
            return redirect(next_url or url_for("pages.home"))
        remember = None
    else:
        user = twofactor.pending_user(data.get("uid"), data.get("login_id")) if data else None
        if user is None:
            flash(_("Sign in again, please: it took too long, or something changed."), "info")
            return redirect(url_for("auth.login"))
        remember = bool(data.get("remember"))
        next_url = safe_next(data.get("next")) or next_url
    form = forms.CodeForm()
    if form.validate_on_submit():
        try:
            method = twofactor.verify_sign_in(user, form.code.data)
        except DomainError as exc:
            attach_error(form, exc)
        else:
            session.pop(SECOND_STEP_PENDING, None)
            if remember is not None:
                sign_in(user, remember=remember)
                flash(_("Welcome, %(name)s. You are signed in.", name=user.display_name), "success")
            mark_second_step_passed(user)
            if method == "recovery":
                left = twofactor.recovery_codes_left(user)
                flash(ngettext("You used a recovery code. You have %(num)d left.",
                               "You used a recovery code. You have %(num)d left.", left), "info")
                return redirect(url_for("twofactor.overview"))
            return redirect(next_url or url_for("pages.home"))
    return render_template("twofactor/code.html", form=form, next_url=next_url), _status()


@bp.get("/account/two-factor")
@login_required
def overview() -> ResponseReturnValue:
    me = _me()
    return render_template("twofactor/overview.html", enabled=twofactor.is_enabled(me),
                           required=twofactor.required_for(me), left=twofactor.recovery_codes_left(me),
                           codes_form=forms.CodeForm(), disable_form=forms.DisableForm())


def _setup_secret() -> str:
    secret = session.get(SETUP_SECRET)
    try:
        if isinstance(secret, str) and len(secret) == 32:
            base64.b32decode(secret)
            return secret
    except (binascii.Error, ValueError):
        pass
    secret = twofactor.new_secret()
    session[SETUP_SECRET] = secret
    return secret


@bp.route("/account/two-factor/setup", methods=["GET", "POST"])
@login_required
@limiter.limit(CODE_LIMIT, methods=["POST"], key_func=account_limit_key)
def setup() -> ResponseReturnValue:
    me = _me()
    next_url = _next()
    if twofactor.is_enabled(me):
        return redirect(url_for("twofactor.overview"))
    secret = _setup_secret()
    form = forms.SetupForm()
    if form.validate_on_submit():
        try:
            codes = twofactor.enable(me, secret=secret, code=form.code.data)
        except DomainError as exc:
            attach_error(form, exc)
        else:
            session.pop(SETUP_SECRET, None)
            mark_second_step_passed(me)
            return render_template("twofactor/recovery_codes.html", codes=codes, next_url=next_url, new=True)
    qr = Markup(twofactor.qr_svg(twofactor.provisioning_uri(me, secret)))  # our own SVG: no user text in it
    return render_template("twofactor/setup.html", form=form, qr=qr, secret=twofactor.grouped(secret),
                           next_url=next_url), _status()


@bp.post("/account/two-factor/recovery-codes")
@login_required
@limiter.limit(CODE_LIMIT, key_func=account_limit_key)
def new_recovery_codes() -> ResponseReturnValue:
    me = _me()
    form = forms.CodeForm()
    if form.validate_on_submit():
        try:
            codes = twofactor.new_recovery_codes(me, code=form.code.data)
        except DomainError as exc:
            attach_error(form, exc)
        else:
            return render_template("twofactor/recovery_codes.html", codes=codes, next_url=None, new=False)
    return render_template("twofactor/overview.html", enabled=twofactor.is_enabled(me),
                           required=twofactor.required_for(me), left=twofactor.recovery_codes_left(me),
                           codes_form=form, disable_form=forms.DisableForm()), 422


@bp.post("/account/two-factor/off")
@login_required
@limiter.limit(PASSWORD_CHECK_LIMIT)
@limiter.limit(PASSWORD_CHECK_LIMIT, key_func=account_limit_key)
def disable() -> ResponseReturnValue:
    me = _me()
    form = forms.DisableForm()
    if form.validate_on_submit():
        try:
            twofactor.disable(me, password=form.password.data, code=form.code.data)
        except DomainError as exc:
            attach_error(form, exc)
        else:
            flash(_("Two-step sign-in is off. You sign in with your password only."), "success")
            return redirect(url_for("twofactor.overview"))
    return render_template("twofactor/overview.html", enabled=twofactor.is_enabled(me),
                           required=twofactor.required_for(me), left=twofactor.recovery_codes_left(me),
                           codes_form=forms.CodeForm(), disable_form=form), 422
