"""After a round closes: its results, and the owner's decision to accept or decline each pledge."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wijkhulp.database import utcnow
from wijkhulp.errors import DomainError, NotFound
from wijkhulp.forms import page_refusal
from wijkhulp.ideas import permissions, queries, services
from wijkhulp.ideas.forms import DecisionForm
from wijkhulp.ideas.models import Outcome
from wijkhulp.ideas.views.blueprint import actor, bp, visible_round


@bp.get("/rounds/<int:round_id>/results")
def round_results(round_id: int) -> ResponseReturnValue:
    auction_round = visible_round(round_id)
    closed = auction_round.is_closed(utcnow())
    return render_template("ideas/results.html", auction_round=auction_round, closed=closed,
                           results=queries.round_results(auction_round) if closed else None, Outcome=Outcome)


@bp.post("/pledges/<int:pledge_id>/decision")
@login_required
def decide_pledge(pledge_id: int) -> ResponseReturnValue:
    pledge = queries.get_pledge(pledge_id)
    idea = pledge.need.idea
    if not permissions.can_view_idea(current_user, idea):
        raise NotFound()
    form = DecisionForm()
    if not form.validate_on_submit():
        flash(_("Choose accept or decline."), "error")
        return redirect(url_for("ideas.show_idea", idea_id=idea.id))
    accept = form.decision.data == "accept"
    try:
        pledge = services.decide_pledge(actor(), pledge.id, accept=accept)
    except DomainError as exc:
        flash(str(page_refusal(exc)), "error")
    else:
        if accept:
            flash(_("You accepted the pledge of %(partner)s.", partner=pledge.partner_name), "success")
        else:
            flash(_("You declined the pledge of %(partner)s.", partner=pledge.partner_name), "success")
    return redirect(url_for("ideas.show_idea", idea_id=idea.id, _anchor=f"pledge-{pledge_id}"))
