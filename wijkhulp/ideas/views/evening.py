"""The auction evening: the presenter page and pledges a manager records aloud."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from wijkhulp.accounts.decorators import manager_required
from wijkhulp.database import utcnow
from wijkhulp.errors import DomainError
from wijkhulp.forms import attach_refusal
from wijkhulp.ideas import queries, services
from wijkhulp.ideas.forms import RecordPledgeForm
from wijkhulp.ideas.models import AuctionRound, Idea, RoundStatus
from wijkhulp.ideas.views.blueprint import actor, bp, managed_round
from wijkhulp.organisations import queries as organisation_queries
from wijkhulp.settings import services as settings


def _position(ideas: list[Idea]) -> int:
    try:
        position = int(request.args.get("position", "1"))
    except ValueError:
        position = 1
    return min(max(position, 1), max(len(ideas), 1))


@bp.get("/rounds/<int:round_id>/presenter")
@manager_required
def presenter(round_id: int) -> ResponseReturnValue:
    auction_round = managed_round(round_id)
    ideas = queries.public_ideas(auction_round)
    position = _position(ideas)
    idea = ideas[position - 1] if ideas else None
    refresh = request.args.get("refresh") != "off" and auction_round.effective_status() == RoundStatus.OPEN
    return render_template("ideas/presenter.html", auction_round=auction_round, idea=idea, ideas=ideas,
                           position=position, refresh=refresh,
                           refresh_seconds=settings.get(services.PRESENTER_REFRESH),
                           recent=queries.recent_pledges([idea]) if idea else [], now=utcnow())


def _record_page(auction_round: AuctionRound, ideas: list[Idea], idea: Idea | None, form: RecordPledgeForm,
                 status: int = 200) -> ResponseReturnValue:
    return render_template("ideas/record_pledge.html", auction_round=auction_round, ideas=ideas, idea=idea,
                           form=form, recent=queries.recent_pledges(ideas), now=utcnow()), status


@bp.route("/rounds/<int:round_id>/record-pledge", methods=["GET", "POST"])
@manager_required
def record_pledge(round_id: int) -> ResponseReturnValue:
    auction_round = managed_round(round_id)
    ideas = queries.public_ideas(auction_round)
    chosen = request.args.get("idea", type=int)
    idea = next((i for i in ideas if i.id == chosen), ideas[0] if ideas else None)
    form = RecordPledgeForm()
    form.set_choices(idea.needs if idea else [], organisation_queries.verified_organisations())
    if idea is None or not auction_round.is_accepting(utcnow()):
        return _record_page(auction_round, ideas, idea, form)
    if form.validate_on_submit():
        try:
            pledge, replaced = services.record_pledge(
                actor(), idea.id, form.need_id.data, **form.partner(), amount=form.amount.data,
                description=form.description.data, estimated_value_cents=form.estimated_value.cents,
                conditions=form.conditions.data)
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            if replaced:
                flash(_("The pledge of %(partner)s has been changed.", partner=pledge.partner_name), "success")
            else:
                flash(_("The pledge of %(partner)s has been recorded.", partner=pledge.partner_name), "success")
            return redirect(url_for("ideas.record_pledge", round_id=round_id, idea=idea.id))
    return _record_page(auction_round, ideas, idea, form, 422 if form.is_submitted() else 200)
