"""Mine: my listings and reactions, the people I blocked, and a helper's public page."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wijkhulp.database import utcnow
from wijkhulp.errors import DomainError
from wijkhulp.forms import page_refusal
from wijkhulp.marketplace import queries, services
from wijkhulp.marketplace.views.blueprint import actor, bp, page_arg
from wijkhulp.web import next_or


@bp.get("/my/listings")
@login_required
def my_listings() -> ResponseReturnValue:
    pagination = queries.my_listings(current_user, page=page_arg())
    counts = queries.open_response_counts(item.id for item in pagination.items)
    return render_template("marketplace/my_listings.html", pagination=pagination, counts=counts, now=utcnow())


@bp.get("/my/responses")
@login_required
def my_responses() -> ResponseReturnValue:
    return render_template("marketplace/my_responses.html", pagination=queries.my_responses(current_user,
                                                                                           page=page_arg()))


@bp.get("/my/blocked")
@login_required
def blocked_people() -> ResponseReturnValue:
    return render_template("marketplace/blocked.html", blocks=queries.blocks_by(current_user))


@bp.post("/people/<int:user_id>/block")
@login_required
def block_person(user_id: int) -> ResponseReturnValue:
    try:
        services.block_user(actor(), user_id)
    except DomainError as exc:
        flash(str(page_refusal(exc)), "error")
    else:
        flash(_("This person is blocked. You will not get reactions or messages from each other any more."),
              "success")
    return redirect(next_or(url_for("marketplace.blocked_people")))


@bp.post("/people/<int:user_id>/unblock")
@login_required
def unblock_person(user_id: int) -> ResponseReturnValue:
    services.unblock_user(actor(), user_id)
    flash(_("The block is lifted."), "success")
    return redirect(next_or(url_for("marketplace.blocked_people")))


@bp.get("/people/<int:user_id>/help")
def profile_help(user_id: int) -> ResponseReturnValue:
    person = queries.person_or_404(user_id)
    return render_template("marketplace/profile_help.html", person=person,
                           summary=queries.profile_summary(person.id))
