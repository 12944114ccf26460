"""Sign in and sign out."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from wijkhulp.accounts import services as account_services
from wijkhulp.auth.forms import LoginForm
from wijkhulp.auth.redirects import safe_next
from wijkhulp.errors import DomainError
from wijkhulp.extensions import limiter
from wijkhulp.forms import attach_error

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute; 50 per hour", methods=["POST"])
def login() -> ResponseReturnValue:
    next_url = safe_next(request.args.get("next") or request.form.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for("pages.home"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = account_services.authenticate(form.email.data, form.password.data)
        except DomainError as exc:
            attach_error(form, exc)
        else:
            login_user(user, remember=form.remember.data)
            flash(_("Welcome, %(name)s. You are signed in.", name=user.display_name), "success")
            return redirect(next_url or url_for("pages.home"))
    status = 422 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form, next_url=next_url), status


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("pages.home"))
