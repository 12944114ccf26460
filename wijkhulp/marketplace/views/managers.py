"""Community managers: requests nobody has answered, and asking a neighbour to help."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from wijkhulp.accounts.decorators import manager_required
from wijkhulp.database import utcnow
from wijkhulp.errors import DomainError
from wijkhulp.forms import page_refusal
from wijkhulp.marketplace import queries, services
from wijkhulp.marketplace import setting_specs as specs
from wijkhulp.marketplace.views.blueprint import actor, bp, page_arg
from wijkhulp.settings import services as settings


@bp.get("/manage/unanswered")
@manager_required
def unanswered() -> ResponseReturnValue:
    days = int(settings.get(specs.UNANSWERED_DAYS))
    pagination = queries.unanswered_requests(actor(), days=days, page=page_arg())
    helpers = {listing.id: (queries.suggestions(listing), queries.past_helpers(listing),
                            queries.invited_user_ids(listing.id)) for listing in pagination.items}
    return render_template("marketplace/unanswered.html", pagination=pagination, helpers=helpers, days=days,
                           now=utcnow())


@bp.post("/manage/unanswered/<int:listing_id>/invite/<int:user_id>")
@manager_required
def invite_helper(listing_id: int, user_id: int) -> ResponseReturnValue:
    try:
        asked = services.invite_helper(actor(), listing_id, user_id)
    except DomainError as exc:
        flash(str(page_refusal(exc)), "error")
    else:
        flash(_("We sent this neighbour a message about the request.") if asked else
              _("This neighbour was already asked about this request."), "success")
    return redirect(url_for("marketplace.unanswered", _anchor=f"request-{listing_id}"))
