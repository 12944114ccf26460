"""Pages of a plan: the overview and my plans, drafting and changing a plan, the plan page, supports, sending
and withdrawing."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wijkhulp.database import utcnow
from wijkhulp.errors import DomainError, NotAllowed
from wijkhulp.forms import attach_refusal, page_refusal
from wijkhulp.kindness import needs_kindness_nudge
from wijkhulp.proposals import forms, permissions, queries, services
from wijkhulp.proposals.services import workflow
from wijkhulp.proposals.views.blueprint import bp, form_status, me, show_page


# ================================================================ public pages

@bp.get("")
def index() -> ResponseReturnValue:
    now = utcnow()
    user = current_user
    return render_template(
        "proposals/index.html", calls=queries.calls_by_phase(now), now=now,
        plans=queries.public_proposals(limit=12),
        mine=queries.proposals_of(user), invitations=queries.invitations_for(user, now),
        to_review=queries.proposals_to_review(user), perm=permissions,
        min_team=workflow.setting(workflow.MIN_TEAM_SIZE))


@bp.get("/mine")
@login_required
def mine() -> ResponseReturnValue:
    now = utcnow()
    return render_template("proposals/mine.html", plans=queries.proposals_of(current_user),
                           invitations=queries.invitations_for(current_user, now),
                           to_review=queries.proposals_to_review(current_user), form=forms.ConfirmForm())


# ================================================================ drafting

def _proposal_data(form: forms.ProposalForm) -> services.ProposalData:
    return services.ProposalData(
        title=form.title.data or "", summary=form.summary.data or "", contribution=form.contribution.data or "",
        plan_execution=form.plan_execution.data or "", plan_promotion=form.plan_promotion.data or "",
        plan_maintenance=form.plan_maintenance.data or "", own_contribution=form.own_contribution.data or "",
        planned_end_on=form.planned_end_on.data, lines=form.line_rows(), neighbourhood_id=form.neighbourhood_id.data)


def _proposal_form_page(form: forms.ProposalForm, call: Any, proposal: Any, status: int) -> ResponseReturnValue:
    form.pad_lines()
    return render_template("proposals/proposal_form.html", form=form, call=call, proposal=proposal), status


@bp.route("/calls/<int:call_id>/new", methods=["GET", "POST"])
@login_required
def create_proposal(call_id: int) -> ResponseReturnValue:
    call = queries.get_call(call_id)
    refusal = services.start_refusal(me(), call)
    if refusal is not None:  # told before filling in a long form; start_proposal checks again
        return render_template("proposals/cannot_start.html", call=call, message=refusal.message,
                               unverified=not current_user.is_verified), refusal.status_code
    form = forms.ProposalForm()
    form.set_neighbourhoods(call.neighbourhoods, services.default_neighbourhood_id(call, me()))
    if form.validate_on_submit() and not needs_kindness_nudge(form, *forms.PROPOSAL_TEXT_FIELDS):
        try:
            proposal = services.start_proposal(me(), call.id, _proposal_data(form))
        except DomainError as exc:
            attach_refusal(form, exc, forms.attach_errors)
        else:
            flash(_("Your plan is saved as a draft. Now invite your team."), "success")
            return redirect(url_for("proposals.team_page", proposal_id=proposal.id))
    return _proposal_form_page(form, call, None, form_status())


@bp.route("/<int:proposal_id>/edit", methods=["GET", "POST"])
@login_required
def edit_proposal(proposal_id: int) -> ResponseReturnValue:
    proposal = queries.visible_proposal(current_user, proposal_id)
    if not permissions.is_team_member(current_user, proposal):
        raise NotAllowed()
    if not proposal.is_editable:
        flash(_("You can no longer change this plan: it has been sent, or it has been decided about."), "warning")
        return redirect(url_for("proposals.show", proposal_id=proposal.id))
    default = proposal.neighbourhood_id or services.default_neighbourhood_id(proposal.call, proposal.lead)
    if request.method == "GET":
        form = forms.ProposalForm.for_proposal(proposal)
        form.set_neighbourhoods(proposal.call.neighbourhoods, default)
        return _proposal_form_page(form, proposal.call, proposal, 200)
    form = forms.ProposalForm()
    form.set_neighbourhoods(proposal.call.neighbourhoods, default)
    if form.validate_on_submit() and not needs_kindness_nudge(form, *forms.PROPOSAL_TEXT_FIELDS):
        try:
            services.update_proposal(me(), proposal.id, _proposal_data(form))
        except DomainError as exc:
            page_refusal(exc)
            if exc.status_code == 409:
                raise
            forms.attach_errors(form, exc)
        else:
            flash(_("Your changes are saved."), "success")
            return redirect(url_for("proposals.show", proposal_id=proposal.id))
    return _proposal_form_page(form, proposal.call, proposal, 422)


# ================================================================ the plan page

@bp.get("/<int:proposal_id>")
def show(proposal_id: int) -> ResponseReturnValue:
    return show_page(proposal_id)


@bp.post("/<int:proposal_id>/support")
@login_required
def support(proposal_id: int) -> ResponseReturnValue:
    try:
        services.support_proposal(me(), proposal_id)
    except DomainError as exc:
        return show_page(proposal_id, status=exc.status_code, error=page_refusal(exc))
    flash(_("Thank you for your support!"), "success")
    return redirect(url_for("proposals.show", proposal_id=proposal_id))


@bp.post("/<int:proposal_id>/support/remove")
@login_required
def remove_support(proposal_id: int) -> ResponseReturnValue:
    if services.withdraw_support(me(), proposal_id):
        flash(_("You no longer support this plan."), "info")
    return redirect(url_for("proposals.show", proposal_id=proposal_id))


@bp.route("/<int:proposal_id>/submit", methods=["GET", "POST"])
@login_required
def submit_proposal(proposal_id: int) -> ResponseReturnValue:
    proposal = queries.visible_proposal(current_user, proposal_id)
    if not permissions.is_lead(current_user, proposal):
        raise NotAllowed()
    form = forms.ConfirmForm()
    error = None
    if form.validate_on_submit():
        try:
            sent = services.submit_proposal(me(), proposal.id)
        except DomainError as exc:
            page_refusal(exc)
            error = exc
        else:
            if sent.is_hidden:  # pre-moderation: a new account's first plan waits for a manager
                flash(_("Your plan has been sent. Because you are new here, the community manager looks at it "
                        "first. Then it is visible to everyone and it can be assessed."), "success")
            else:
                flash(_("Your plan has been sent. You will hear from us when it has been assessed."), "success")
            return redirect(url_for("proposals.show", proposal_id=proposal.id))
        proposal = queries.get_proposal(proposal_id)
    problems = services.readiness(proposal) if proposal.is_editable else []
    status = (error.status_code if error is not None else 422) if request.method == "POST" else 200
    return render_template("proposals/submit.html", proposal=proposal, call=proposal.call, problems=problems,
                           confirmed=queries.confirmed_count(proposal.id), form=form, error=error), status


@bp.route("/<int:proposal_id>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw_proposal(proposal_id: int) -> ResponseReturnValue:
    proposal = queries.visible_proposal(current_user, proposal_id)
    if not permissions.is_lead(current_user, proposal):
        raise NotAllowed()
    form = forms.WithdrawForm()
    if form.validate_on_submit():
        try:
            services.withdraw_proposal(me(), proposal.id, reason=form.reason.data or "")
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_("The plan has been withdrawn."), "success")
            return redirect(url_for("proposals.show", proposal_id=proposal.id))
    return render_template("proposals/withdraw.html", proposal=proposal, form=form), form_status()
