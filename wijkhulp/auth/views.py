"""Sign in and out, register, verify, reset and change the password, change the e-mail address."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from wijkhulp import i18n
from wijkhulp.accounts import services as accounts
from wijkhulp.accounts.decorators import (SECOND_STEP_PASSED, SECOND_STEP_PENDING, account_limit_key, sign_in,
                                          start_second_step)
from wijkhulp.accounts.twofactor import services as twofactor
from wijkhulp.auth import forms, services
from wijkhulp.auth.redirects import safe_next
from wijkhulp.errors import DomainError
from wijkhulp.extensions import PASSWORD_CHECK_LIMIT, limiter
from wijkhulp.forms import attach_error

bp = Blueprint("auth", __name__)

# Where a new resident goes after confirming their address, e.g. the team invitation that brought them here.
AFTER_VERIFY = "after_verify"
CHECK_EMAIL = "check_email"  # the address just typed at registration, for the "check your e-mail" page


def _form_response(template: str, form: object, **context: object) -> ResponseReturnValue:
    status = 422 if request.method == "POST" else 200
    return render_template(template, form=form, **context), status


def _verify_path(token: str) -> str:
    return url_for("auth.verify", token=token)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(PASSWORD_CHECK_LIMIT, methods=["POST"])
def login() -> ResponseReturnValue:
    next_url = safe_next(request.args.get("next") or request.form.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for("pages.home"))
    form = forms.LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except DomainError as exc:
            attach_error(form, exc)
        else:
            session.pop(SECOND_STEP_PASSED, None)
            session.pop(SECOND_STEP_PENDING, None)
            if twofactor.is_enabled(user):  # the password was right: now the code, before the session counts
                return start_second_step(user, remember=form.remember.data, next_url=next_url)
            twofactor.record_sign_in(user)
            sign_in(user, remember=form.remember.data)
            flash(_("Welcome, %(name)s. You are signed in.", name=user.display_name), "success")
            return redirect(next_url or url_for("pages.home"))
    return _form_response("auth/login.html", form, next_url=next_url)


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    if current_user.is_authenticated:
        accounts.end_sign_in(current_user._get_current_object())
    logout_user()
    session.pop(services.PENDING_REGISTRATION, None)
    session.pop(SECOND_STEP_PASSED, None)
    session.pop(SECOND_STEP_PENDING, None)
    flash(_("You are signed out."), "info")
    return redirect(url_for("pages.home"))


# Registration: a library helping ten people sign up from one address must not be locked out. Per address only
# accounts made count (a redirect to "check your e-mail"); every attempt with one e-mail address counts for that
# address, so a failed form never counts against the client address and guessing at one address stays slow.
REGISTRATIONS_PER_ADDRESS = "30 per hour"
REGISTRATION_TRIES_PER_EMAIL = "8 per hour"


def _registration_email() -> str:
    return (request.form.get("email") or "").strip().lower()[:320]


def _registered(response: object) -> bool:
    return getattr(response, "status_code", None) == 302


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(REGISTRATIONS_PER_ADDRESS, methods=["POST"], deduct_when=_registered)
@limiter.limit(REGISTRATION_TRIES_PER_EMAIL, methods=["POST"], key_func=lambda: "email:" + _registration_email(),
               exempt_when=lambda: not _registration_email())
def register() -> ResponseReturnValue:
    next_url = safe_next(request.args.get("next") or request.form.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for("accounts.overview"))
    form = forms.RegisterForm()
    if form.validate_on_submit():
        browser_key = services.new_browser_key()
        try:
            services.register(display_name=form.display_name.data, email=form.email.data,
                              password=form.password.data, postcode=form.postcode.data,
                              accept_terms=form.accept_terms.data, age_confirmed=form.age_confirmed.data,
                              locale=i18n.current_locale(), verify_path_for=_verify_path, browser_key=browser_key)
        except DomainError as exc:
            attach_error(form, exc)
        else:
            # The same answer whether the address was new or not: nobody is signed in here; the link in the
            # mail signs the new resident in when opened in this browser.
            session[services.PENDING_REGISTRATION] = browser_key
            session[CHECK_EMAIL] = form.email.data.strip().lower()
            if next_url:
                session[AFTER_VERIFY] = next_url
            return redirect(url_for("auth.check_email"))
    return _form_response("auth/register.html", form, next_url=next_url)


@bp.get("/register/check-email")
def check_email() -> ResponseReturnValue:
    if current_user.is_authenticated and current_user.is_verified:
        return redirect(url_for("accounts.overview"))
    email = current_user.email if current_user.is_authenticated else session.get(CHECK_EMAIL)
    return render_template("auth/check_email.html", email=email)


@bp.post("/verify/resend")
@login_required
@limiter.limit("5 per hour")
def resend_verification() -> ResponseReturnValue:
    services.resend_verification(current_user._get_current_object(), verify_path_for=_verify_path)
    flash(_("We have sent you a new link. Check your e-mail, also the spam folder."), "success")
    return redirect(url_for("auth.check_email"))


@bp.get("/verify/<token>")
def verify(token: str) -> ResponseReturnValue:
    try:
        same_browser = services.opened_where_registered(token, session.get(services.PENDING_REGISTRATION))
        user = services.verify_email(token, welcome_path=url_for("accounts.overview"))
    except services.InvalidToken as exc:
        return render_template("auth/token_problem.html", message=exc.message), 400
    flash(_("Thank you! Your e-mail address is confirmed."), "success")
    if current_user.is_authenticated and current_user.id != user.id:  # someone else's link, opened here
        return redirect(url_for("accounts.overview"))
    if same_browser and not current_user.is_authenticated and user.is_active:
        session.pop(services.PENDING_REGISTRATION, None)
        session.pop(CHECK_EMAIL, None)
        sign_in(user)  # the browser that registered, with the link from the mailbox
    if current_user.is_authenticated:
        next_url = safe_next(session.pop(AFTER_VERIFY, None))  # stored at registration, in this browser
        return redirect(next_url or url_for("accounts.overview"))
    next_url = safe_next(session.get(AFTER_VERIFY))  # kept until the right person is signed in here
    return redirect(url_for("auth.login", next=next_url) if next_url else url_for("auth.login"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit("5 per 15 minutes;20 per day", methods=["POST"])
def forgot_password() -> ResponseReturnValue:
    form = forms.EmailOnlyForm()
    if form.validate_on_submit():
        services.request_password_reset(
            form.email.data, reset_path_for=lambda token: url_for("auth.reset_password", token=token))
        return render_template("auth/reset_sent.html", email=form.email.data)
    return _form_response("auth/forgot_password.html", form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit("10 per hour", methods=["POST"])
def reset_password(token: str) -> ResponseReturnValue:
    try:
        services.check_reset_token(token)
    except services.InvalidToken as exc:
        return render_template("auth/token_problem.html", message=exc.message, reset=True), 400
    form = forms.NewPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data)
        except DomainError as exc:
            attach_error(form, exc)
        else:
            logout_user()
            flash(_("Your new password is set. Sign in with it."), "success")
            return redirect(url_for("auth.login"))
    return _form_response("auth/reset_password.html", form, token=token)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
@limiter.limit(PASSWORD_CHECK_LIMIT, methods=["POST"])
@limiter.limit(PASSWORD_CHECK_LIMIT, methods=["POST"], key_func=account_limit_key)
def change_password() -> ResponseReturnValue:
    form = forms.ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            services.change_password(user, current_password=form.current_password.data,
                                     new_password=form.new_password.data)
        except DomainError as exc:
            attach_error(form, exc)
        else:
            sign_in(user)  # every sign-in ended; this device gets a new one
            flash(_("Your password is changed. Other devices are signed out."), "success")
            return redirect(url_for("accounts.overview"))
    return _form_response("auth/change_password.html", form)


@bp.route("/account/email", methods=["GET", "POST"])
@login_required
@limiter.limit(PASSWORD_CHECK_LIMIT, methods=["POST"])
@limiter.limit(PASSWORD_CHECK_LIMIT, methods=["POST"], key_func=account_limit_key)
def change_email() -> ResponseReturnValue:
    form = forms.ChangeEmailForm()
    if form.validate_on_submit():
        try:
            address = services.request_email_change(
                current_user._get_current_object(), new_email=form.new_email.data, password=form.password.data,
                confirm_path_for=lambda token: url_for("auth.confirm_email", token=token))
        except DomainError as exc:
            attach_error(form, exc)
        else:
            flash(_("We have sent a link to %(email)s. Open it to finish the change.", email=address), "success")
            return redirect(url_for("accounts.overview"))
    return _form_response("auth/change_email.html", form)


@bp.get("/account/email/confirm/<token>")
def confirm_email(token: str) -> ResponseReturnValue:
    try:
        services.confirm_email_change(token)
    except DomainError as exc:
        return render_template("auth/token_problem.html", message=exc.message), 400
    flash(_("Your new e-mail address is confirmed."), "success")
    return redirect(url_for("accounts.overview") if current_user.is_authenticated else url_for("auth.login"))
