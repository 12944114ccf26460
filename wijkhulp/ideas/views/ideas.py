"""Pages of the ideas auction: rounds, ideas, pledges, decisions, results, the auction evening and follow-up."""

from __future__ import annotations

from functools import partial
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wijkhulp.accounts.decorators import manager_required
from wijkhulp.accounts.permissions import can_manage, can_post
from wijkhulp.database import utcnow
from wijkhulp.errors import DomainError, NotAllowed, NotFound
from wijkhulp.forms import attach_error, attach_refusal, page_refusal
from wijkhulp.kindness import needs_kindness_nudge
from wijkhulp.ideas import permissions, queries, services
from wijkhulp.ideas.forms import (IDEA_TEXT_FIELDS, PLEDGE_TEXT_FIELDS, DecisionForm, FollowUpForm, IdeaForm,
                                  PledgeEditForm, PledgeForm, RecordPledgeForm, ReviewForm, RoundForm)
from wijkhulp.ideas.models import (MAX_NEEDS, UNIT_LABELS, AuctionRound, Idea, Outcome, Pledge, PledgeStatus,
                                   RoundStatus, Unit, format_amount, format_coverage, organisation_key,
                                   resident_key)
from wijkhulp.neighbourhoods import queries as neighbourhood_queries
from wijkhulp.organisations import queries as organisation_queries
from wijkhulp.settings import services as settings

bp = Blueprint("ideas", __name__, url_prefix="/ideas")


@bp.app_template_global("idea_amount")
def _amount(amount: int, unit: Any) -> str:
    return format_amount(amount, unit)


@bp.app_template_global("idea_unit")
def _unit(unit: Any) -> Any:
    return UNIT_LABELS[Unit(unit)]


@bp.app_template_global("idea_coverage")
def _coverage(part: int, whole: int, unit: Any) -> str:
    return format_coverage(part, whole, unit)


@bp.app_template_global("partner_name")
def _partner_name(pledge: Pledge) -> str:
    """Visitors see organisations by name and residents as 'a neighbour', as in the marketplace."""
    if pledge.organisation is not None or current_user.is_authenticated:
        return pledge.partner_name
    return _("A neighbour")


@bp.app_template_global("idea_author")
def _idea_author(idea: Idea) -> str:
    if idea.entered_for or current_user.is_authenticated:
        return idea.author_label
    return _("A neighbour")


def _actor() -> Any:
    return current_user._get_current_object()


def _visible_round(round_id: int) -> AuctionRound:
    auction_round = queries.get_round(round_id)
    if auction_round.status == RoundStatus.DRAFT and not permissions.can_manage_round(current_user, auction_round):
        raise NotFound()
    return auction_round


def _managed_round(round_id: int) -> AuctionRound:
    auction_round = queries.get_round(round_id)
    if not permissions.can_manage_round(current_user, auction_round):
        raise NotAllowed()
    return auction_round


def _visible_idea(idea_id: int) -> Idea:
    idea = queries.get_idea(idea_id)
    if not permissions.can_view_idea(current_user, idea):
        raise NotFound()
    return idea


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


# ---------------------------------------------------------------- overview and my ideas

@bp.get("")
def index() -> ResponseReturnValue:
    rounds = queries.public_rounds()
    drafts = queries.draft_rounds() if can_manage(current_user) else []
    return render_template("ideas/index.html", rounds=rounds, drafts=drafts,
                           may_create=permissions.can_create_round(current_user), now=utcnow())


@bp.get("/mine")
@login_required
def mine() -> ResponseReturnValue:
    return render_template("ideas/mine.html", ideas=queries.ideas_of(current_user),
                           pledges=queries.pledges_by(current_user), now=utcnow())


# ---------------------------------------------------------------- rounds (managers)

@bp.get("/rounds")
@manager_required
def admin_rounds() -> ResponseReturnValue:
    return render_template("ideas/admin_rounds.html", rounds=queries.all_rounds(), counts=queries.idea_counts(),
                           now=utcnow())


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
    form.set_neighbourhoods(neighbourhood_queries.all_neighbourhoods())
    if form.validate_on_submit():
        try:
            auction_round = services.create_round(_actor(), **_round_values(form))
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
    auction_round = _managed_round(round_id)
    if auction_round.is_closed(utcnow()):
        flash(_("This round has closed and can no longer be changed."), "warning")
        return redirect(url_for("ideas.show_round", round_id=round_id))
    if request.method == "GET":
        form = RoundForm(data={"name": auction_round.name, "description": auction_round.description,
                               "neighbourhoods": [n.id for n in auction_round.neighbourhoods],
                               "requires_approval": auction_round.requires_approval})
        form.opens_at.set_utc(auction_round.opens_at)
        form.closes_at.set_utc(auction_round.closes_at)
        form.set_neighbourhoods(neighbourhood_queries.all_neighbourhoods())
        return _round_form_page(form, auction_round, 200)
    form = RoundForm()
    form.set_neighbourhoods(neighbourhood_queries.all_neighbourhoods())
    if form.validate_on_submit():
        try:
            services.update_round(_actor(), auction_round.id, **_round_values(form))
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
        auction_round = services.publish_round(_actor(), round_id)
    except DomainError as exc:
        flash(str(page_refusal(exc)), "error")
    else:
        flash(_("The round “%(name)s” has been published. Residents can submit ideas from the opening date.",
                name=auction_round.name), "success")
    return redirect(url_for("ideas.show_round", round_id=round_id))


@bp.route("/rounds/<int:round_id>/close", methods=["GET", "POST"])
@manager_required
def close_round(round_id: int) -> ResponseReturnValue:
    auction_round = _managed_round(round_id)
    if request.method == "POST":
        try:
            services.close_round_now(_actor(), round_id)
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
    auction_round = _managed_round(round_id)
    if request.method == "POST":
        try:
            name = services.delete_round(_actor(), round_id)
        except DomainError as exc:
            flash(str(page_refusal(exc)), "error")
            return redirect(url_for("ideas.show_round", round_id=round_id))
        flash(_("The round “%(name)s” has been deleted.", name=name), "success")
        return redirect(url_for("ideas.index"))
    return render_template("ideas/delete_round.html", auction_round=auction_round)


# ---------------------------------------------------------------- a round, its results, the auction evening

@bp.get("/rounds/<int:round_id>")
def show_round(round_id: int) -> ResponseReturnValue:
    auction_round = _visible_round(round_id)
    manager = permissions.can_manage_round(current_user, auction_round)
    return render_template(
        "ideas/round.html", auction_round=auction_round, ideas=queries.public_ideas(auction_round),
        waiting=queries.ideas_awaiting_approval(auction_round) if manager else [],
        own_waiting=queries.own_ideas_in(auction_round, current_user), manager=manager, now=utcnow(),
        may_post=can_post(current_user))


@bp.get("/rounds/<int:round_id>/results")
def round_results(round_id: int) -> ResponseReturnValue:
    auction_round = _visible_round(round_id)
    closed = auction_round.is_closed(utcnow())
    return render_template("ideas/results.html", auction_round=auction_round, closed=closed,
                           results=queries.round_results(auction_round) if closed else None, Outcome=Outcome)


def _position(ideas: list[Idea]) -> int:
    try:
        position = int(request.args.get("position", "1"))
    except ValueError:
        position = 1
    return min(max(position, 1), max(len(ideas), 1))


@bp.get("/rounds/<int:round_id>/presenter")
@manager_required
def presenter(round_id: int) -> ResponseReturnValue:
    auction_round = _managed_round(round_id)
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
    auction_round = _managed_round(round_id)
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
                _actor(), idea.id, form.need_id.data, **form.partner(), amount=form.amount.data,
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


# ---------------------------------------------------------------- ideas

def _idea_form_page(form: IdeaForm, auction_round: AuctionRound, idea: Idea | None, status: int) -> ResponseReturnValue:
    return render_template("ideas/idea_form.html", form=form, auction_round=auction_round, idea=idea,
                           manager=permissions.can_manage_round(current_user, auction_round),
                           needs_locked=bool(idea and idea.active_pledges())), status


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
    auction_round = _visible_round(round_id)
    manager = permissions.can_manage_round(current_user, auction_round)
    now = utcnow()
    if services.poster_refusal(_actor()) is not None:  # told before the form; submit_idea checks again
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
        if form.add_need_row():
            flash(_("A row for another need has been added. Nothing has been sent yet."), "success")
        else:
            flash(_("An idea can have at most %(n)s needs.", n=MAX_NEEDS), "warning")
        return _idea_form_page(form, auction_round, None, 200)
    if form.validate_on_submit() and not needs_kindness_nudge(form, *IDEA_TEXT_FIELDS):
        values, rows = _idea_values(form)
        try:
            idea = services.submit_idea(_actor(), auction_round.id, **values)
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
    return _idea_page(_visible_idea(idea_id), ReviewForm(formdata=None))


@bp.route("/<int:idea_id>/edit", methods=["GET", "POST"])
@login_required
def edit_idea(idea_id: int) -> ResponseReturnValue:
    idea = _visible_idea(idea_id)
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
        if form.add_need_row():
            flash(_("A row for another need has been added. Nothing has been sent yet."), "success")
        else:
            flash(_("An idea can have at most %(n)s needs.", n=MAX_NEEDS), "warning")
        return _idea_form_page(form, auction_round, idea, 200)
    if form.validate_on_submit() and not needs_kindness_nudge(form, *IDEA_TEXT_FIELDS):
        values, rows = _idea_values(form)
        try:
            services.update_idea(_actor(), idea.id, **values)
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
    idea = _visible_idea(idea_id)
    if not permissions.can_review_idea(current_user, idea):
        raise NotAllowed()
    form = ReviewForm()
    if form.validate_on_submit():
        try:
            services.review_idea(_actor(), idea.id, approve=form.decision.data == "approve",
                                 reason=form.reason.data)
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_("The idea has been approved and is public now.") if form.decision.data == "approve" else
                  _("The idea has not been approved. The author has been told why."), "success")
            return redirect(url_for("ideas.show_idea", idea_id=idea_id))
    return _idea_page(queries.get_idea(idea_id), form, 422)


# ---------------------------------------------------------------- pledges

def _pledge_page(form: Any, idea: Idea, need: Any, pledge: Pledge | None, status: int) -> ResponseReturnValue:
    form.amount.description = _("In %(unit)s, at most %(amount)s.", unit=UNIT_LABELS[need.unit],
                                amount=format_amount(need.quantity, need.unit))
    own = []
    if current_user.is_authenticated:
        keys = {resident_key(current_user.id)} | {
            organisation_key(o.id) for o in organisation_queries.organisations_of(current_user)}
        own = [p for p in need.active_pledges() if p.partner_key in keys]
    return render_template("ideas/pledge_form.html", form=form, idea=idea, need=need, pledge=pledge, own=own), status


@bp.route("/<int:idea_id>/needs/<int:need_id>/pledge", methods=["GET", "POST"])
@login_required
def create_pledge(idea_id: int, need_id: int) -> ResponseReturnValue:
    idea = _visible_idea(idea_id)
    need = queries.get_need(idea, need_id)
    if services.poster_refusal(_actor()) is not None:  # told before the form; make_pledge checks again
        return render_template("ideas/cannot_post.html", auction_round=idea.round, idea=idea), 403
    if not (idea.is_public and idea.round.is_accepting(utcnow())):
        flash(_("You cannot pledge on this idea (any more): the round is not open."), "warning")
        return redirect(url_for("ideas.show_idea", idea_id=idea.id))
    form = PledgeForm()
    own_idea = permissions.is_author(current_user, idea) and idea.entered_for is None
    form.set_partners(organisation_queries.organisations_of(current_user), as_resident=not own_idea)
    if own_idea and len(form.partner.choices) == 0:
        flash(_("This is your own idea. Write what you do yourself in the idea; partners pledge the rest."),
              "warning")
        return redirect(url_for("ideas.show_idea", idea_id=idea.id))
    if form.validate_on_submit() and not needs_kindness_nudge(form, *PLEDGE_TEXT_FIELDS):
        try:
            pledge, replaced = services.make_pledge(
                _actor(), idea.id, need.id, organisation_id=form.organisation_id(), amount=form.amount.data,
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
    if form.validate_on_submit() and not needs_kindness_nudge(form, *PLEDGE_TEXT_FIELDS):
        try:
            services.update_pledge(_actor(), pledge.id, amount=form.amount.data, description=form.description.data,
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
            services.withdraw_pledge(_actor(), pledge.id)
        except DomainError as exc:
            flash(str(page_refusal(exc)), "error")
        else:
            flash(_("The pledge has been withdrawn. The owner of the idea has been told."), "success")
        return redirect(url_for("ideas.show_idea", idea_id=idea.id))
    if not pledge.is_active or idea.round.is_closed(utcnow()):
        flash(_("This pledge can no longer be withdrawn."), "warning")
        return redirect(url_for("ideas.show_idea", idea_id=idea.id))
    return render_template("ideas/withdraw_pledge.html", pledge=pledge, idea=idea)


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
        pledge = services.decide_pledge(_actor(), pledge.id, accept=accept)
    except DomainError as exc:
        flash(str(page_refusal(exc)), "error")
    else:
        if accept:
            flash(_("You accepted the pledge of %(partner)s.", partner=pledge.partner_name), "success")
        else:
            flash(_("You declined the pledge of %(partner)s.", partner=pledge.partner_name), "success")
    return redirect(url_for("ideas.show_idea", idea_id=idea.id, _anchor=f"pledge-{pledge_id}"))


# ---------------------------------------------------------------- follow-up

@bp.route("/<int:idea_id>/follow-up", methods=["GET", "POST"])
@login_required
def follow_up(idea_id: int) -> ResponseReturnValue:
    idea = _visible_idea(idea_id)
    if not permissions.can_answer_followup(current_user, idea):
        raise NotAllowed()
    if not idea.round.is_closed(utcnow()) or idea.effective_outcome() not in (Outcome.MATCHED, Outcome.PARTLY_MATCHED):
        flash(_("You can say whether the idea was carried out once the round has closed and partners were found."),
              "warning")
        return redirect(url_for("ideas.show_idea", idea_id=idea.id))
    if request.method == "GET":
        form = FollowUpForm(data={"realised": idea.realised.value if idea.realised else None,
                                  "note": idea.realised_note})
        return render_template("ideas/follow_up.html", form=form, idea=idea)
    form = FollowUpForm()
    if form.validate_on_submit():
        try:
            services.answer_followup(_actor(), idea.id, realised=form.realised.data or "", note=form.note.data)
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_("Thank you! Your answer is shown on the idea."), "success")
            return redirect(url_for("ideas.show_idea", idea_id=idea.id))
    return render_template("ideas/follow_up.html", form=form, idea=queries.get_idea(idea_id)), 422
