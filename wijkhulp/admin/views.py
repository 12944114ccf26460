"""The administration start page: links to every admin page that this installation has."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, render_template
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from wijkhulp.accounts.decorators import admin_required

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
