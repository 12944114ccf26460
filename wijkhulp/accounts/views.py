"""My account, profile, personal settings, my data, deleting the account; public profiles; admin user pages."""

from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from wijkhulp.accounts import forms, queries, services
from wijkhulp.accounts.models import ROLE_LABELS, Role
from wijkhulp.accounts.decorators import account_limit_key, admin_required
from wijkhulp.accounts.twofactor import services as staff_access
from wijkhulp.errors import DomainError
from wijkhulp.extensions import PASSWORD_CHECK_LIMIT, limiter
from wijkhulp.forms import attach_error
from wijkhulp.geo import services as geo
from wijkhulp.web import page_arg

bp = Blueprint("accounts", __name__)


def _me():  # the real User object behind the proxy, for services
    return current_user._get_current_object()


def _status() -> int:
    return 422 if request.method == "POST" else 200


@bp.get("/account/")
@login_required
def overview() -> ResponseReturnValue:
    area = geo.get_area(current_user.pc4) if current_user.pc4 else None
    return render_template("accounts/overview.html", area=area, sign_ins=queries.active_sign_ins(_me()),
                           this_sign_in=current_user.current_sign_in)


@bp.post("/account/sign-ins/others")
@login_required
def sign_out_others() -> ResponseReturnValue:
    if not forms.SignOutForm().validate_on_submit():
        return redirect(url_for("accounts.overview"))
    services.end_other_sign_ins(_me())
    flash(_("You are signed out on all other devices."), "success")
    return redirect(url_for("accounts.overview"))


@bp.post("/account/sign-ins/all")
@login_required
def sign_out_everywhere() -> ResponseReturnValue:
    if not forms.SignOutForm().validate_on_submit():
        return redirect(url_for("accounts.overview"))
    services.end_all_sign_ins(_me())
    logout_user()
    flash(_("You are signed out everywhere, also on this device."), "success")
    return redirect(url_for("pages.home"))


@bp.route("/account/profile", methods=["GET", "POST"])
@login_required
def edit_profile() -> ResponseReturnValue:
    form = forms.ProfileForm(obj=current_user)
    if form.validate_on_submit():
        try:
            services.update_profile(_me(), display_name=form.display_name.data, bio=form.bio.data,
                                    skills=form.skills.data, languages=form.languages.data,
                                    postcode=form.postcode.data)
        except DomainError as exc:
            attach_error(form, exc)
        else:
            flash(_("Your profile is saved."), "success")
            return redirect(url_for("accounts.overview"))
    return render_template("accounts/edit_profile.html", form=form), _status()


@bp.route("/account/settings", methods=["GET", "POST"])
@login_required
def edit_settings() -> ResponseReturnValue:
    form = forms.SettingsForm(data={"locale": current_user.locale or "nl", "phone": current_user.phone,
                                    "share_email": current_user.share_email_default,
                                    "share_phone": current_user.share_phone_default})
    if form.validate_on_submit():
        try:
            services.update_settings(_me(), locale=form.locale.data, phone=form.phone.data,
                                     share_email=form.share_email.data, share_phone=form.share_phone.data)
        except DomainError as exc:
            attach_error(form, exc)
        else:
            flash(_("Your settings are saved."), "success")
            return redirect(url_for("accounts.overview"))
    return render_template("accounts/edit_settings.html", form=form), _status()


@bp.get("/account/data")
@login_required
def my_data() -> ResponseReturnValue:
    return render_template("accounts/my_data.html")


@bp.get("/account/data.json")
@login_required
def download_data() -> ResponseReturnValue:
    body = json.dumps(services.export_data(_me()), ensure_ascii=False, indent=2, default=str)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": 'attachment; filename="mijn-gegevens-wijkhulp.json"', "Cache-Control": "no-store"})


@bp.route("/account/delete", methods=["GET", "POST"])
@login_required
@limiter.limit(PASSWORD_CHECK_LIMIT, methods=["POST"])
@limiter.limit(PASSWORD_CHECK_LIMIT, methods=["POST"], key_func=account_limit_key)
def delete_account() -> ResponseReturnValue:
    form = forms.DeleteAccountForm()
    if form.validate_on_submit():
        try:
            services.delete_account(_me(), password=form.password.data)
        except DomainError as exc:
            attach_error(form, exc)
        else:
            logout_user()
            flash(_("Your account has been deleted. Thank you for helping your neighbourhood."), "success")
            return redirect(url_for("pages.home"))
    return render_template("accounts/delete.html", form=form), _status()


@bp.get("/people/<int:user_id>")
def public_profile(user_id: int) -> ResponseReturnValue:
    person = queries.public_profile_or_404(user_id)
    area = geo.get_area(person.pc4) if person.pc4 else None
    return render_template("accounts/public_profile.html", person=person, area=area)


# ------------------------------------------------------------------ admin: users and roles

@bp.get("/admin/users")
@admin_required
def admin_users() -> ResponseReturnValue:
    form = forms.UserSearchForm(request.args)
    page = page_arg()
    query = form.q.data if form.validate() else None
    results = queries.search_users(query, page)
    staff_access.record_staff_look(_me(), "personal_data.list", "user", details={
        "page": page, "query": query or "", "user_ids": [person.id for person in results.items]})
    return render_template("accounts/admin_users.html", form=form, results=results, role_labels=ROLE_LABELS)


@bp.get("/admin/users/names")
@admin_required
def admin_names_to_check() -> ResponseReturnValue:
    """Residents whose existing display name would be refused now: listed for the admin, not changed."""
    return render_template("accounts/admin_names.html", found=services.names_to_check())


def _admin_user_page(user_id: int, role_form=None, block_form=None, status: int = 200) -> ResponseReturnValue:
    person = queries.user_or_404(user_id)
    staff_access.record_staff_look(_me(), "personal_data.view", "user", person.id, subject=person,
                                   details={"page": "admin_user"})
    role_form = role_form or forms.RoleForm(data={"role": person.role.value})
    block_form = block_form or forms.BlockForm()
    return render_template("accounts/admin_user.html", person=person, role_form=role_form,
                           block_form=block_form), status


@bp.get("/admin/users/<int:user_id>")
@admin_required
def admin_user(user_id: int) -> ResponseReturnValue:
    return _admin_user_page(user_id)


@bp.post("/admin/users/<int:user_id>/role")
@admin_required
def admin_change_role(user_id: int) -> ResponseReturnValue:
    queries.user_or_404(user_id)
    form = forms.RoleForm()
    if form.validate_on_submit():
        try:
            person = services.change_role(_me(), user_id, Role(form.role.data))
        except DomainError as exc:
            attach_error(form, exc)
        else:
            flash(_("%(name)s now has the role %(role)s.", name=person.display_name, role=ROLE_LABELS[person.role]), "success")
            return redirect(url_for("accounts.admin_user", user_id=user_id))
    return _admin_user_page(user_id, role_form=form, status=422)
