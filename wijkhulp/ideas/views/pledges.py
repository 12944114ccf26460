"""Pledges on a need: make, change and withdraw one."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wijkhulp.database import utcnow
from wijkhulp.errors import DomainError, NotAllowed, NotFound
from wijkhulp.forms import attach_refusal, page_refusal
from wijkhulp.ideas import permissions, queries, services
from wijkhulp.ideas.forms import PLEDGE_TEXT_FIELDS, PledgeEditForm, PledgeForm
from wijkhulp.ideas.models import UNIT_LABELS, Idea, Pledge, Unit, format_amount, organisation_key, resident_key
from wijkhulp.ideas.views.blueprint import actor, bp, visible_idea
from wijkhulp.kindness import needs_kindness_nudge
from wijkhulp.organisations import queries as organisation_queries


def _pledge_page(form: Any, idea: Idea, need: Any, pledge: Pledge | None, status: int) -> ResponseReturnValue:
    most = format_amount(need.quantity, need.unit)
    form.amount.description = (_("In whole euros, from € 1 to %(amount)s.", amount=most) if need.unit == Unit.EURO
                               else _("In %(unit)s, from 1 to %(amount)s.", unit=UNIT_LABELS[need.unit], amount=most))
    own = []
    if current_user.is_authenticated:
        keys = {resident_key(current_user.id)} | {
            organisation_key(o.id) for o in organisation_queries.organisations_of(current_user)}
        own = [p for p in need.active_pledges() if p.partner_key in keys]
    return render_template("ideas/pledge_form.html", form=form, idea=idea, need=need, pledge=pledge, own=own), status


@bp.route("/<int:idea_id>/needs/<int:need_id>/pledge", methods=["GET", "POST"])
@login_required
def create_pledge(idea_id: int, need_id: int) -> ResponseReturnValue:
    idea = visible_idea(idea_id)
    need = queries.get_need(idea, need_id)
    if services.poster_refusal(actor()) is not None:  # told before the form; make_pledge checks again
        return render_template("ideas/cannot_post.html", auction_round=idea.round, idea=idea), 403
    if not (idea.is_public and idea.round.is_accepting(utcnow())):
        flash(_("You cannot pledge on this idea (any more): the round is not open."), "warning")
        return redirect(url_for("ideas.show_idea", idea_id=idea.id))
    form = PledgeForm()
    form.set_need(need)
    own_idea = permissions.is_author(current_user, idea) and idea.entered_for is None
    form.set_partners(organisation_queries.organisations_of(current_user), as_resident=not own_idea)
    if own_idea and len(form.partner.choices) == 0:
        flash(_("This is your own idea. Write what you do yourself in the idea; partners pledge the rest."),
              "warning")
        return redirect(url_for("ideas.show_idea", idea_id=idea.id))
    if form.validate_on_submit() and not needs_kindness_nudge(form, *PLEDGE_TEXT_FIELDS):
        try:
            pledge, replaced = services.make_pledge(
                actor(), idea.id, need.id, organisation_id=form.organisation_id(), amount=form.amount.data,
                description=form.description.data, estimated_value_cents=form.estimated_value.cents,
                conditions=form.conditions.data)
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            if replaced:
                flash(_("Your pledge has been changed. It replaces your earlier pledge on this need."), "success")
            else:
                flash(_("Thank you for your pledge! The owner of the idea has been told."), "success")
            return redirect(url_for("ideas.show_idea", idea_id=idea.id, _anchor=f"need-{need.id}"))
    return _pledge_page(form, idea, need, None, 422 if form.is_submitted() else 200)


def _changeable_pledge(pledge_id: int) -> Pledge:
    pledge = queries.get_pledge(pledge_id)
    if not permissions.can_view_idea(current_user, pledge.need.idea):
        raise NotFound()
    if not permissions.can_change_pledge(current_user, pledge):
        raise NotAllowed()
    return pledge


@bp.route("/pledges/<int:pledge_id>/edit", methods=["GET", "POST"])
@login_required
def edit_pledge(pledge_id: int) -> ResponseReturnValue:
    pledge = _changeable_pledge(pledge_id)
    idea = pledge.need.idea
    if not (pledge.is_active and idea.is_public and idea.round.is_accepting(utcnow())):
        flash(_("This pledge can no longer be changed."), "warning")
        return redirect(url_for("ideas.show_idea", idea_id=idea.id))
    if request.method == "GET":
        form = PledgeEditForm(data={"amount": pledge.amount, "description": pledge.description,
                                    "conditions": pledge.conditions,
                                    "estimated_value": _euros(pledge.estimated_value_cents)})
        return _pledge_page(form, idea, pledge.need, pledge, 200)
    form = PledgeEditForm()
    form.set_need(pledge.need)
    if form.validate_on_submit() and not needs_kindness_nudge(form, *PLEDGE_TEXT_FIELDS):
        try:
            services.update_pledge(actor(), pledge.id, amount=form.amount.data, description=form.description.data,
                                   estimated_value_cents=form.estimated_value.cents, conditions=form.conditions.data)
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_("Your pledge has been changed."), "success")
            return redirect(url_for("ideas.show_idea", idea_id=idea.id, _anchor=f"need-{pledge.need_id}"))
    pledge = queries.get_pledge(pledge_id)
    return _pledge_page(form, pledge.need.idea, pledge.need, pledge, 422)


def _euros(cents: int | None) -> str:
    if cents is None:
        return ""
    return f"{cents // 100}" if cents % 100 == 0 else f"{cents // 100},{cents % 100:02d}"


@bp.route("/pledges/<int:pledge_id>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw_pledge(pledge_id: int) -> ResponseReturnValue:
    pledge = _changeable_pledge(pledge_id)
    idea = pledge.need.idea
    if request.method == "POST":
        try:
            services.withdraw_pledge(actor(), pledge.id)
        except DomainError as exc:
            flash(str(page_refusal(exc)), "error")
        else:
            flash(_("The pledge has been withdrawn. The owner of the idea has been told."), "success")
        return redirect(url_for("ideas.show_idea", idea_id=idea.id))
    if not pledge.is_active or idea.round.is_closed(utcnow()):
        flash(_("This pledge can no longer be withdrawn."), "warning")
        return redirect(url_for("ideas.show_idea", idea_id=idea.id))
    return render_template("ideas/withdraw_pledge.html", pledge=pledge, idea=idea)
