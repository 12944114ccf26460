"""Rounds of the ideas auction: the managers' list, create, edit, publish, close, delete, and a round's page."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from wijkhulp.accounts.decorators import manager_required
from wijkhulp.accounts.permissions import can_post
from wijkhulp.database import utcnow
from wijkhulp.errors import DomainError
from wijkhulp.forms import attach_refusal, page_refusal
from wijkhulp.ideas import permissions, queries, services
from wijkhulp.ideas.forms import RoundForm
from wijkhulp.ideas.models import AuctionRound
from wijkhulp.ideas.views.blueprint import actor, bp, managed_round, visible_round
from wijkhulp.neighbourhoods import queries as neighbourhood_queries


@bp.get("/rounds")
@manager_required
def admin_rounds() -> ResponseReturnValue:
    rounds = [r for r in queries.all_rounds() if permissions.can_manage_round(current_user, r)]
    return render_template("ideas/admin_rounds.html", rounds=rounds, counts=queries.idea_counts(), now=utcnow())


def _round_form_page(form: RoundForm, auction_round: AuctionRound | None, status: int) -> ResponseReturnValue:
    return render_template("ideas/round_form.html", form=form, auction_round=auction_round), status


def _round_values(form: RoundForm) -> dict[str, Any]:
    return {"name": form.name.data or "", "description": form.description.data or "",
            "neighbourhood_ids": form.neighbourhoods.data or [], "opens_at": form.opens_at.utc(),
            "closes_at": form.closes_at.utc(), "requires_approval": bool(form.requires_approval.data)}


@bp.route("/rounds/new", methods=["GET", "POST"])
@manager_required
def create_round() -> ResponseReturnValue:
    form = RoundForm()
    form.set_neighbourhoods(neighbourhood_queries.managed_neighbourhoods(actor()))
    if form.validate_on_submit():
        try:
            auction_round = services.create_round(actor(), **_round_values(form))
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_("The round “%(name)s” has been saved as a draft. Check it, then publish it.",
                    name=auction_round.name), "success")
            return redirect(url_for("ideas.show_round", round_id=auction_round.id))
    return _round_form_page(form, None, 422 if form.is_submitted() else 200)


@bp.route("/rounds/<int:round_id>/edit", methods=["GET", "POST"])
@manager_required
def edit_round(round_id: int) -> ResponseReturnValue:
    auction_round = managed_round(round_id)
    if auction_round.is_closed(utcnow()):
        flash(_("This round has closed and can no longer be changed."), "warning")
        return redirect(url_for("ideas.show_round", round_id=round_id))
    if request.method == "GET":
        form = RoundForm(data={"name": auction_round.name, "description": auction_round.description,
                               "neighbourhoods": [n.id for n in auction_round.neighbourhoods],
                               "requires_approval": auction_round.requires_approval})
        form.opens_at.set_utc(auction_round.opens_at)
        form.closes_at.set_utc(auction_round.closes_at)
        form.set_neighbourhoods(neighbourhood_queries.managed_neighbourhoods(actor()))
        return _round_form_page(form, auction_round, 200)
    form = RoundForm()
    form.set_neighbourhoods(neighbourhood_queries.managed_neighbourhoods(actor()))
    if form.validate_on_submit():
        try:
            services.update_round(actor(), auction_round.id, **_round_values(form))
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_("Your changes have been saved."), "success")
            return redirect(url_for("ideas.show_round", round_id=auction_round.id))
    return _round_form_page(form, queries.get_round(round_id), 422)


@bp.post("/rounds/<int:round_id>/publish")
@manager_required
def publish_round(round_id: int) -> ResponseReturnValue:
    try:
        auction_round = services.publish_round(actor(), round_id)
    except DomainError as exc:
        flash(str(page_refusal(exc)), "error")
    else:
        flash(_("The round “%(name)s” has been published. Residents can submit ideas from the opening date.",
                name=auction_round.name), "success")
    return redirect(url_for("ideas.show_round", round_id=round_id))


@bp.route("/rounds/<int:round_id>/close", methods=["GET", "POST"])
@manager_required
def close_round(round_id: int) -> ResponseReturnValue:
    auction_round = managed_round(round_id)
    if request.method == "POST":
        try:
            services.close_round_now(actor(), round_id)
        except DomainError as exc:
            flash(str(page_refusal(exc)), "error")
        else:
            flash(_("The round has closed. The owners of the ideas have been asked to accept or decline the "
                    "pledges."), "success")
        return redirect(url_for("ideas.show_round", round_id=round_id))
    return render_template("ideas/close_round.html", auction_round=auction_round)


@bp.route("/rounds/<int:round_id>/delete", methods=["GET", "POST"])
@manager_required
def delete_round(round_id: int) -> ResponseReturnValue:
    auction_round = managed_round(round_id)
    if request.method == "POST":
        try:
            name = services.delete_round(actor(), round_id)
        except DomainError as exc:
            flash(str(page_refusal(exc)), "error")
            return redirect(url_for("ideas.show_round", round_id=round_id))
        flash(_("The round “%(name)s” has been deleted.", name=name), "success")
        return redirect(url_for("ideas.index"))
    return render_template("ideas/delete_round.html", auction_round=auction_round)


@bp.get("/rounds/<int:round_id>")
def show_round(round_id: int) -> ResponseReturnValue:
    auction_round = visible_round(round_id)
    manager = permissions.can_manage_round(current_user, auction_round)
    return render_template(
        "ideas/round.html", auction_round=auction_round, ideas=queries.public_ideas(auction_round),
        waiting=queries.ideas_awaiting_approval(auction_round) if manager else [],
        own_waiting=queries.own_ideas_in(auction_round, current_user), manager=manager, now=utcnow(),
        may_post=can_post(current_user))
