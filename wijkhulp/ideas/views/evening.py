"""The auction evening: the presenter page and pledges a manager records aloud."""

from __future__ import annotations

from typing import Any

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from wijkhulp.accounts.decorators import manager_required
from wijkhulp.database import utcnow
from wijkhulp.errors import DomainError
from wijkhulp.forms import attach_refusal
from wijkhulp.ideas import permissions, queries, services
from wijkhulp.ideas.forms import RecordPledgeForm
from wijkhulp.ideas.models import AuctionRound, Idea, RoundStatus, format_coverage
from wijkhulp.ideas.views.blueprint import actor, bp, managed_round, needs_covered, partner_name, visible_round
from wijkhulp.organisations import queries as organisation_queries
from wijkhulp.settings import services as settings


PRESENTER_NEEDS = 6  # what fits above the fold of a 1920×1080 projector
PRESENTER_PLEDGES = 5


def _position(ideas: list[Idea]) -> int:
    try:
        position = int(request.args.get("position", "1"))
    except ValueError:
        position = 1
    return min(max(position, 1), max(len(ideas), 1))


def _refresh_seconds() -> int | None:
    """The timed refresh the presenter switched on (?refresh=30), within the setting's bounds; off by default
    (WCAG 2.2.1: a page that reloads itself must be the user's choice)."""
    raw = request.args.get("refresh", "")
    if not raw.isdigit() or len(raw) > 3:
        return None
    return min(max(int(raw), 5), 300)


def _evening(round_id: int) -> tuple[AuctionRound, list[Idea], int, Idea | None]:
    """The round as its public pages show it (a draft only to its managers), with the idea at ?position=."""
    auction_round = visible_round(round_id)
    ideas = queries.public_ideas(auction_round)
    position = _position(ideas)
    return auction_round, ideas, position, (ideas[position - 1] if ideas else None)


def _need_state(need: Any, closed: bool) -> dict[str, Any]:
    amount = need.covered_amount(closed=closed)
    coverage = format_coverage(amount, need.quantity, need.unit)
    return {"id": need.id, "value": min(amount, need.quantity), "max": need.quantity,
            "covered": need.is_covered(closed=closed),
            "text": _("%(coverage)s accepted", coverage=coverage) if closed else
            _("%(coverage)s pledged", coverage=coverage)}


def _state(auction_round: AuctionRound, ideas: list[Idea], position: int, idea: Idea | None) -> dict[str, Any]:
    """The figures the presenter page shows, for its script to put in place. Names as the public idea page
    shows them: residents are "a neighbour" to visitors."""
    closed = auction_round.effective_status() == RoundStatus.CLOSED
    state: dict[str, Any] = {"position": position, "total": len(ideas), "closed": closed,
                             "counter": _("Idea %(n)s of %(total)s", n=position, total=len(ideas)),
                             "idea": None, "needs": [], "pledges": [], "covered": ""}
    if idea is None:
        return state
    state.update(
        idea=idea.id,
        covered=needs_covered(idea, closed),
        needs=[_need_state(need, closed) for need in idea.needs[:PRESENTER_NEEDS]],
        pledges=[{"id": pledge.id, "partner": partner_name(pledge), "amount": pledge.amount_text,
                  "need": pledge.need.description}
                 for pledge in queries.recent_pledges([idea], limit=PRESENTER_PLEDGES)])
    return state


@bp.get("/rounds/<int:round_id>/presenter")
def presenter(round_id: int) -> ResponseReturnValue:
    """The projector page of the auction evening, without the site's header and menus."""
    auction_round, ideas, position, idea = _evening(round_id)
    state = _state(auction_round, ideas, position, idea)
    needs = idea.needs[:PRESENTER_NEEDS] if idea else []
    refresh = _refresh_seconds()
    return render_template(
        "ideas/presenter.html", auction_round=auction_round, idea=idea, ideas=ideas, position=position,
        state=state, needs=needs, rows=list(zip(needs, state["needs"], strict=True)), refresh=refresh,
        refresh_seconds=settings.get(services.PRESENTER_REFRESH),
        manager=permissions.can_manage_round(current_user, auction_round), now=utcnow())


@bp.get("/rounds/<int:round_id>/presenter/state.json")
def presenter_state(round_id: int) -> ResponseReturnValue:
    """The presenter page's figures as JSON, for its script; the same people may read it as the page."""
    auction_round, ideas, position, idea = _evening(round_id)
    response = jsonify(_state(auction_round, ideas, position, idea))
    response.headers["Cache-Control"] = "no-store"
    return response


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
