"""Ideas in a round: submit, show, edit and review one."""

from __future__ import annotations

from functools import partial
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wijkhulp.accounts.permissions import can_post
from wijkhulp.database import utcnow
from wijkhulp.errors import DomainError, NotAllowed
from wijkhulp.forms import attach_error, attach_refusal
from wijkhulp.ideas import permissions, queries, services
from wijkhulp.ideas.forms import IDEA_TEXT_FIELDS, IdeaForm, ReviewForm
from wijkhulp.ideas.models import MAX_NEEDS, AuctionRound, Idea, Outcome, PledgeStatus
from wijkhulp.ideas.views.blueprint import actor, bp, visible_idea, visible_round
from wijkhulp.kindness import needs_kindness_nudge
from wijkhulp.organisations import queries as organisation_queries


def _attach(form: Any, exc: DomainError, rows: list[int] | None = None) -> None:
    """Like attach_error, also for a need row ('needs-2-quantity' -> the third filled-in row of the form)."""
    field = exc.field or ""
    if field.startswith("needs-") and rows is not None and isinstance(form, IdeaForm):
        _, index, name = field.split("-", 2)
        row = form.needs.entries[rows[int(index)]].form
        getattr(row, name).errors.append(exc.message)
        return
    if field == "needs" and isinstance(form, IdeaForm):
        form.set_needs_error(exc.message)
        return
    attach_error(form, exc)


def _idea_form_page(form: IdeaForm, auction_round: AuctionRound, idea: Idea | None, status: int) -> ResponseReturnValue:
    return render_template("ideas/idea_form.html", form=form, auction_round=auction_round, idea=idea,
                           manager=permissions.can_manage_round(current_user, auction_round),
                           needs_locked=bool(idea and idea.active_pledges())), status


def _add_need_row(form: IdeaForm, auction_round: AuctionRound, idea: Idea | None) -> ResponseReturnValue:
    """The 'another need' button: the form again with one more empty need row; nothing is stored."""
    if form.add_need_row():
        flash(_("A row for another need has been added. Nothing has been sent yet."), "success")
    else:
        flash(_("An idea can have at most %(n)s needs.", n=MAX_NEEDS), "warning")
    return _idea_form_page(form, auction_round, idea, 200)


def _idea_values(form: IdeaForm) -> tuple[dict[str, Any], list[int]]:
    rows = form.need_rows()
    return ({"title": form.title.data or "", "description": form.description.data or "",
             "own_contribution": form.own_contribution.data or "", "offer_in_return": form.offer_in_return.data or "",
             "neighbourhood_id": form.neighbourhood_id.data, "needs": [need for _, need in rows],
             "entered_for": form.entered_for.data or None}, [index for index, _ in rows])


def _default_neighbourhood(auction_round: AuctionRound) -> int | None:
    pc4 = getattr(current_user, "pc4", None)
    return next((n.id for n in auction_round.neighbourhoods if pc4 and pc4 in n.pc4s), None)


@bp.route("/rounds/<int:round_id>/ideas/new", methods=["GET", "POST"])
@login_required
def create_idea(round_id: int) -> ResponseReturnValue:
    auction_round = visible_round(round_id)
    manager = permissions.can_manage_round(current_user, auction_round)
    now = utcnow()
    if services.poster_refusal(actor()) is not None:  # told before the form; submit_idea checks again
        return render_template("ideas/cannot_post.html", auction_round=auction_round), 403
    if not (auction_round.is_accepting(now) or (manager and not auction_round.is_closed(now))):
        flash(_("This round does not take ideas right now."), "warning")
        return redirect(url_for("ideas.show_round", round_id=round_id))
    form = IdeaForm()
    form.set_neighbourhoods(auction_round.neighbourhoods)
    if request.method == "GET":
        form.neighbourhood_id.data = form.neighbourhood_id.data or _default_neighbourhood(auction_round)
        return _idea_form_page(form, auction_round, None, 200)
    if "add_need" in request.form:
        return _add_need_row(form, auction_round, None)
    if form.validate_on_submit() and not needs_kindness_nudge(form, *IDEA_TEXT_FIELDS):
        values, rows = _idea_values(form)
        try:
            idea = services.submit_idea(actor(), auction_round.id, **values)
        except DomainError as exc:
            attach_refusal(form, exc, partial(_attach, rows=rows))
        else:
            if idea.hidden_at is not None:  # pre-moderation: a new account's first post waits for a manager
                flash(_("Thank you for your idea! Because you are new here, the community manager looks at it "
                        "first. You will get a message when it is visible."), "success")
                return redirect(url_for("ideas.show_round", round_id=round_id))
            if idea.approval.value == "pending":
                flash(_("Thank you for your idea! The community manager checks it first; you will get a message."),
                      "success")
            else:
                flash(_("Thank you for your idea! It is now visible, and partners can pledge."), "success")
            return redirect(url_for("ideas.show_idea", idea_id=idea.id))
    return _idea_form_page(form, queries.get_round(round_id), None, 422)


def _idea_page(idea: Idea, review_form: ReviewForm, status: int = 200) -> ResponseReturnValue:
    now = utcnow()
    user = current_user
    organisations = organisation_queries.organisations_of(user)
    accepting = idea.is_public and idea.round.is_accepting(now)
    own_idea = permissions.is_author(user, idea) and idea.entered_for is None
    return render_template(
        "ideas/idea.html", idea=idea, auction_round=idea.round, now=now, accepting=accepting,
        may_pledge=accepting and can_post(user) and (not own_idea or bool(organisations)),
        closed=idea.round.is_closed(now),
        manager=permissions.can_manage_round(user, idea.round),
        may_edit=permissions.can_edit_idea(user, idea) and not idea.round.is_closed(now),
        may_review=permissions.can_review_idea(user, idea) and not idea.round.is_closed(now),
        may_decide=permissions.can_decide_pledges(user, idea),
        may_follow_up=permissions.can_answer_followup(user, idea),
        can_change=lambda pledge: permissions.can_change_pledge(user, pledge),
        review_form=review_form, may_post=can_post(user), PledgeStatus=PledgeStatus, Outcome=Outcome), status


@bp.get("/<int:idea_id>")
def show_idea(idea_id: int) -> ResponseReturnValue:
    return _idea_page(visible_idea(idea_id), ReviewForm(formdata=None))


@bp.route("/<int:idea_id>/edit", methods=["GET", "POST"])
@login_required
def edit_idea(idea_id: int) -> ResponseReturnValue:
    idea = visible_idea(idea_id)
    if not permissions.can_edit_idea(current_user, idea):
        raise NotAllowed()
    auction_round = idea.round
    if auction_round.is_closed(utcnow()):
        flash(_("The round has closed, so the idea can no longer be changed."), "warning")
        return redirect(url_for("ideas.show_idea", idea_id=idea.id))
    if request.method == "GET":
        form = IdeaForm(data={"title": idea.title, "description": idea.description,
                              "own_contribution": idea.own_contribution, "offer_in_return": idea.offer_in_return,
                              "neighbourhood_id": idea.neighbourhood_id, "entered_for": idea.entered_for})
        form.fill_needs(idea.needs)
        form.set_neighbourhoods(auction_round.neighbourhoods)
        return _idea_form_page(form, auction_round, idea, 200)
    form = IdeaForm()
    form.set_neighbourhoods(auction_round.neighbourhoods)
    if "add_need" in request.form:
        return _add_need_row(form, auction_round, idea)
    if form.validate_on_submit() and not needs_kindness_nudge(form, *IDEA_TEXT_FIELDS):
        values, rows = _idea_values(form)
        try:
            services.update_idea(actor(), idea.id, **values)
        except DomainError as exc:
            attach_refusal(form, exc, partial(_attach, rows=rows))
        else:
            flash(_("Your changes have been saved."), "success")
            return redirect(url_for("ideas.show_idea", idea_id=idea_id))
    idea = queries.get_idea(idea_id)
    return _idea_form_page(form, idea.round, idea, 422)


@bp.post("/<int:idea_id>/review")
@login_required
def review_idea(idea_id: int) -> ResponseReturnValue:
    idea = visible_idea(idea_id)
    if not permissions.can_review_idea(current_user, idea):
        raise NotAllowed()
    form = ReviewForm()
    if form.validate_on_submit():
        try:
            services.review_idea(actor(), idea.id, approve=form.decision.data == "approve",
                                 reason=form.reason.data)
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_("The idea has been approved and is public now.") if form.decision.data == "approve" else
                  _("The idea has not been approved. The author has been told why."), "success")
            return redirect(url_for("ideas.show_idea", idea_id=idea_id))
    return _idea_page(queries.get_idea(idea_id), form, 422)
