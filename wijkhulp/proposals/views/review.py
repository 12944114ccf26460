"""Pages of the review: the assessment by the manager or panel, and the decision."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wijkhulp.errors import DomainError, NotAllowed
from wijkhulp.forms import attach_refusal
from wijkhulp.proposals import forms, permissions, queries, services
from wijkhulp.proposals.models import ProposalStatus
from wijkhulp.proposals.views.blueprint import bp, me


def _review_page(proposal_id: int, *, status: int = 200, assessment_form: Any = None,
                 decision_form: Any = None) -> ResponseReturnValue:
    proposal = queries.visible_proposal(current_user, proposal_id)
    if not permissions.can_review_call(current_user, proposal.call):
        raise NotAllowed()
    if proposal.is_member(current_user):
        raise NotAllowed(_("You are in the team of this plan, so you cannot assess it or decide about it."))
    if assessment_form is None:
        assessment_form = forms.assessment_form(proposal.call.criteria, queries.assessments_by(current_user, proposal),
                                                formdata=None)
    if decision_form is None:
        decision_form = forms.DecisionForm(formdata=None, data={"amount": proposal.requested_cents})
    return render_template(
        "proposals/review.html", proposal=proposal, call=proposal.call, assessment_form=assessment_form,
        decision_form=decision_form, assessments=queries.assessments_by_criterion(proposal),
        confirmed=queries.confirmed_count(proposal.id), perm=permissions), status


@bp.get("/<int:proposal_id>/review")
@login_required
def review(proposal_id: int) -> ResponseReturnValue:
    return _review_page(proposal_id)


@bp.post("/<int:proposal_id>/review/assessment")
@login_required
def assess(proposal_id: int) -> ResponseReturnValue:
    proposal = queries.visible_proposal(current_user, proposal_id)
    form = forms.assessment_form(proposal.call.criteria, {})
    if form.validate_on_submit():
        try:
            services.assess_proposal(me(), proposal.id, form.verdicts())
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_("Your assessment is saved. Everyone can see it on the page of the plan."), "success")
            return redirect(url_for("proposals.review", proposal_id=proposal.id))
    return _review_page(proposal.id, status=422, assessment_form=form)


@bp.post("/<int:proposal_id>/review/decision")
@login_required
def decide(proposal_id: int) -> ResponseReturnValue:
    form = forms.DecisionForm()
    if form.validate_on_submit():
        try:
            proposal = services.decide_proposal(me(), proposal_id, decision=form.decision.data,
                                                message=form.message.data or "", granted_cents=form.amount.data)
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            messages = {ProposalStatus.APPROVED: _("The plan is approved. The team has been told."),
                        ProposalStatus.CHANGES_REQUESTED: _("The plan has gone back to the team with your "
                                                            "comments."),
                        ProposalStatus.REJECTED: _("The plan is not approved. The team has been told why.")}
            flash(messages.get(proposal.status, _("Your decision is saved.")), "success")
            return redirect(url_for("proposals.show", proposal_id=proposal_id))
    return _review_page(proposal_id, status=422, decision_form=form)
