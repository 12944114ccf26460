"""The administration start page: links to every admin page that this installation has; blocking from the admin
user page (through moderation's one block service)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from wijkhulp.accounts import forms as account_forms
from wijkhulp.accounts import queries as account_queries
from wijkhulp.accounts.decorators import admin_required
from wijkhulp.errors import DomainError
from wijkhulp.forms import attach_error
from wijkhulp.moderation import services as moderation

bp = Blueprint("admin", __name__, url_prefix="/admin")

# (possible endpoints, title, what you do there). The first endpoint that exists is used; a link whose
# endpoints are all missing is left out, so features can arrive in any order.
ADMIN_LINKS: list[tuple[tuple[str, ...], Any, Any]] = [
    (("settings.index",), _l("Settings"),
     _l("Name of the site, contact details, and other values that change how the site works.")),
    (("neighbourhoods.index",), _l("Neighbourhoods and service area"),
     _l("Group postcode areas into neighbourhoods, and choose the area this site serves.")),
    (("accounts.admin_users", "accounts.users", "users.index", "admin.users"), _l("Users"),
     _l("Find accounts, give someone the manager or admin role, block or unblock someone.")),
    (("organisations.admin_index", "organisations.manage", "organisations.index"), _l("Organisations"),
     _l("Check and verify organisations that want to help.")),
    (("categories.index", "marketplace.admin_categories"), _l("Categories"),
     _l("The kinds of help residents can ask for and offer.")),
    (("moderation.queue", "moderation.index"), _l("Moderation"),
     _l("Reports from residents and posts that wait for a check.")),
    (("moderation.managers",), _l("Managers and their neighbourhoods"),
     _l("Choose which neighbourhoods each community manager looks after.")),
    (("moderation.kindness_words",), _l("Kindness reminder"),
     _l("Words that make the site ask people to reconsider their message before posting.")),
    (("moderation.audit", "moderation.audit_log"), _l("Audit log"),
     _l("Every moderation and administrative action: who, what, when and why.")),
    (("privacy.index",), _l("Processing register"),
     _l("What personal data the site processes, why, for whom and how long it is kept (AVG article 30).")),
    (("dashboard.index",), _l("Dashboard"),
     _l("Figures per neighbourhood: requests, offers, matches and more.")),
    (("auction.admin_rounds", "ideas.admin_rounds"), _l("Ideas auction rounds"),
     _l("Open and close rounds of the ideas auction.")),
    (("proposals.admin_calls", "calls.index"), _l("Neighbourhood plan calls"),
     _l("Calls for neighbourhood plans, their budgets and reviews.")),
]


def available_links() -> list[tuple[str, Any, Any]]:
    endpoints = current_app.view_functions
    links = []
    for candidates, title, description in ADMIN_LINKS:
        endpoint = next((e for e in candidates if e in endpoints), None)
        if endpoint is not None:
            links.append((endpoint, title, description))
    return links


@bp.get("/")
@admin_required
def index() -> ResponseReturnValue:
    return render_template("admin/index.html", links=available_links())


# ---------------------------------------------------------------- blocking from the admin user page

@bp.post("/users/<int:user_id>/block")
@admin_required
def block_user(user_id: int) -> ResponseReturnValue:
    person = account_queries.user_or_404(user_id)
    form = account_forms.BlockForm()
    if form.validate_on_submit():
        try:
            person = moderation.block_user(current_user._get_current_object(), user_id, form.reason.data)
        except DomainError as exc:
            attach_error(form, exc)
        else:
            flash(_("%(name)s is blocked and has been told why by e-mail.", name=person.display_name), "success")
            return redirect(url_for("accounts.admin_user", user_id=user_id))
    return render_template("accounts/admin_user.html", person=person, block_form=form,
                           role_form=account_forms.RoleForm(data={"role": person.role.value})), 422


@bp.post("/users/<int:user_id>/unblock")
@admin_required
def unblock_user(user_id: int) -> ResponseReturnValue:
    account_queries.user_or_404(user_id)
    try:
        person = moderation.unblock_user(current_user._get_current_object(), user_id)
    except DomainError as exc:
        flash(str(exc.message), "error")
    else:
        flash(_("%(name)s is no longer blocked.", name=person.display_name), "success")
    return redirect(url_for("accounts.admin_user", user_id=user_id))
