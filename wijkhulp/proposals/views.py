"""Pages for neighbourhood plans: calls, plans, teams and join links, review, reports, and the manager's pages."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wijkhulp.accounts.decorators import manager_required
from wijkhulp.database import utcnow
from wijkhulp.errors import DomainError, NotAllowed, NotFound
from wijkhulp.extensions import limiter
from wijkhulp.forms import attach_refusal, page_refusal
from wijkhulp.kindness import needs_kindness_nudge
from wijkhulp.neighbourhoods import queries as neighbourhood_queries
from wijkhulp.proposals import forms, permissions, queries, services
from wijkhulp.proposals.services import calls, team, workflow
from wijkhulp.proposals.models import STATUS_LABELS, ProposalStatus

bp = Blueprint("proposals", __name__, url_prefix="/plans")


def _me() -> Any:
    return current_user._get_current_object()


def _status() -> int:
    return 422 if request.method == "POST" else 200


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


@bp.get("/calls/<int:call_id>")
def show_call(call_id: int) -> ResponseReturnValue:
    call = queries.get_call(call_id)
    plans = queries.public_proposals(call_id=call.id)
    return render_template("proposals/call.html", call=call, now=utcnow(), plans=plans,
                           supports=queries.support_counts(p.id for p in plans), perm=permissions)


@bp.get("/calls/<int:call_id>/budget")
def call_budget(call_id: int) -> ResponseReturnValue:
    call = queries.get_call(call_id)
    return render_template("proposals/budget.html", call=call, overview=queries.budget_overview(call),
                           perm=permissions)


# ================================================================ drafting

def _proposal_data(form: forms.ProposalForm) -> services.ProposalData:
    return services.ProposalData(
        title=form.title.data or "", summary=form.summary.data or "", contribution=form.contribution.data or "",
        plan_execution=form.plan_execution.data or "", plan_promotion=form.plan_promotion.data or "",
        plan_maintenance=form.plan_maintenance.data or "", own_contribution=form.own_contribution.data or "",
        planned_end_on=form.planned_end_on.data, lines=form.line_rows())


def _proposal_form_page(form: forms.ProposalForm, call: Any, proposal: Any, status: int) -> ResponseReturnValue:
    form.pad_lines()
    return render_template("proposals/proposal_form.html", form=form, call=call, proposal=proposal), status


@bp.route("/calls/<int:call_id>/new", methods=["GET", "POST"])
@login_required
def create_proposal(call_id: int) -> ResponseReturnValue:
    call = queries.get_call(call_id)
    refusal = services.start_refusal(_me(), call)
    if refusal is not None:  # told before filling in a long form; start_proposal checks again
        return render_template("proposals/cannot_start.html", call=call, message=refusal.message,
                               unverified=not current_user.is_verified), refusal.status_code
    form = forms.ProposalForm()
    if form.validate_on_submit() and not needs_kindness_nudge(form, *forms.PROPOSAL_TEXT_FIELDS):
        try:
            proposal = services.start_proposal(_me(), call.id, _proposal_data(form))
        except DomainError as exc:
            attach_refusal(form, exc, forms.attach_errors)
        else:
            flash(_("Your plan is saved as a draft. Now invite your team."), "success")
            return redirect(url_for("proposals.team_page", proposal_id=proposal.id))
    return _proposal_form_page(form, call, None, _status())


@bp.route("/<int:proposal_id>/edit", methods=["GET", "POST"])
@login_required
def edit_proposal(proposal_id: int) -> ResponseReturnValue:
    proposal = queries.visible_proposal(current_user, proposal_id)
    if not permissions.is_team_member(current_user, proposal):
        raise NotAllowed()
    if not proposal.is_editable:
        flash(_("You can no longer change this plan: it has been sent, or it has been decided about."), "warning")
        return redirect(url_for("proposals.show", proposal_id=proposal.id))
    if request.method == "GET":
        return _proposal_form_page(forms.ProposalForm.for_proposal(proposal), proposal.call, proposal, 200)
    form = forms.ProposalForm()
    if form.validate_on_submit() and not needs_kindness_nudge(form, *forms.PROPOSAL_TEXT_FIELDS):
        try:
            services.update_proposal(_me(), proposal.id, _proposal_data(form))
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

def _show_page(proposal_id: int, *, status: int = 200, error: Any = None) -> ResponseReturnValue:
    proposal = queries.visible_proposal(current_user, proposal_id)
    problems = services.readiness(proposal) if permissions.can_submit(current_user, proposal) else []
    return render_template(
        "proposals/show.html", proposal=proposal, call=proposal.call, members=queries.members(proposal),
        pending=queries.pending_invitations(proposal), supports=queries.support_count(proposal),
        has_supported=queries.has_supported(current_user, proposal), problems=problems,
        assessments=queries.assessments_by_criterion(proposal), confirmed=queries.confirmed_count(proposal.id),
        perm=permissions, form=forms.ConfirmForm(), error=error, now=utcnow()), status


@bp.get("/<int:proposal_id>")
def show(proposal_id: int) -> ResponseReturnValue:
    return _show_page(proposal_id)


@bp.post("/<int:proposal_id>/support")
@login_required
def support(proposal_id: int) -> ResponseReturnValue:
    try:
        services.support_proposal(_me(), proposal_id)
    except DomainError as exc:
        return _show_page(proposal_id, status=exc.status_code, error=page_refusal(exc))
    flash(_("Thank you for your support!"), "success")
    return redirect(url_for("proposals.show", proposal_id=proposal_id))


@bp.post("/<int:proposal_id>/support/remove")
@login_required
def remove_support(proposal_id: int) -> ResponseReturnValue:
    if services.withdraw_support(_me(), proposal_id):
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
            sent = services.submit_proposal(_me(), proposal.id)
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
            services.withdraw_proposal(_me(), proposal.id, reason=form.reason.data or "")
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_("The plan has been withdrawn."), "success")
            return redirect(url_for("proposals.show", proposal_id=proposal.id))
    return render_template("proposals/withdraw.html", proposal=proposal, form=form), _status()


# ================================================================ the team

def _team_page(proposal_id: int, *, status: int = 200, invite_form: Any = None, lead_form: Any = None,
               error: Any = None) -> ResponseReturnValue:
    proposal = queries.visible_proposal(current_user, proposal_id)
    if not permissions.sees_private_team_details(current_user, proposal):
        return redirect(url_for("proposals.show", proposal_id=proposal.id, _anchor="team"))
    members = queries.members(proposal)
    lead_form = lead_form or forms.HandOverForm()
    lead_form.set_members(m for m in members if m.user_id != proposal.lead_id and m.counts)
    now = utcnow()
    return render_template(
        "proposals/team.html", proposal=proposal, call=proposal.call, members=members,
        pending=queries.pending_invitations(proposal), share_link=queries.active_share_link(proposal, now),
        confirmed=queries.confirmed_count(proposal.id), invite_form=invite_form or forms.InviteForm(),
        lead_form=lead_form, form=forms.ConfirmForm(), perm=permissions, now=now, error=error), status


@bp.get("/<int:proposal_id>/team")
@login_required
def team_page(proposal_id: int) -> ResponseReturnValue:
    return _team_page(proposal_id)


@bp.post("/<int:proposal_id>/team/invitations")
@login_required
@limiter.limit("30 per hour")
def invite_member(proposal_id: int) -> ResponseReturnValue:
    form = forms.InviteForm()
    if form.validate_on_submit():
        try:
            sent = team.invite_member(_me(), proposal_id, form.email.data)
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_("We have sent an invitation to %(email)s.", email=sent.invitation.email), "success")
            return redirect(url_for("proposals.team_page", proposal_id=proposal_id))
    return _team_page(proposal_id, status=422, invite_form=form)


def _team_action(proposal_id: int, action: Any, done: str) -> ResponseReturnValue:
    if not forms.ConfirmForm().validate_on_submit():
        return _team_page(proposal_id, status=400)
    try:
        action()
    except DomainError as exc:
        return _team_page(proposal_id, status=exc.status_code, error=page_refusal(exc))
    flash(done, "success")
    return redirect(url_for("proposals.team_page", proposal_id=proposal_id))


@bp.post("/<int:proposal_id>/team/invitations/<int:invitation_id>/resend")
@login_required
def resend_invitation(proposal_id: int, invitation_id: int) -> ResponseReturnValue:
    _ensure_invitation_of(proposal_id, invitation_id)
    return _team_action(proposal_id, lambda: team.resend_invitation(_me(), invitation_id),
                        _("The invitation has been sent again, with a new link."))


@bp.post("/<int:proposal_id>/team/invitations/<int:invitation_id>/revoke")
@login_required
def revoke_invitation(proposal_id: int, invitation_id: int) -> ResponseReturnValue:
    _ensure_invitation_of(proposal_id, invitation_id)
    return _team_action(proposal_id, lambda: team.revoke_invitation(_me(), invitation_id),
                        _("The invitation has been taken back. Its link no longer works."))


def _ensure_invitation_of(proposal_id: int, invitation_id: int) -> None:
    proposal = queries.visible_proposal(current_user, proposal_id)
    if all(i.id != invitation_id for i in proposal.invitations):
        raise NotFound()


@bp.post("/<int:proposal_id>/team/share-link")
@login_required
def create_share_link(proposal_id: int) -> ResponseReturnValue:
    return _team_action(proposal_id, lambda: team.create_share_link(_me(), proposal_id),
                        _("There is a new share link. Copy it and send it to your neighbours."))


@bp.post("/<int:proposal_id>/team/share-link/revoke")
@login_required
def revoke_share_link(proposal_id: int) -> ResponseReturnValue:
    return _team_action(proposal_id, lambda: team.revoke_share_link(_me(), proposal_id),
                        _("The share link has been switched off. People who open it cannot join any more."))


@bp.post("/<int:proposal_id>/team/lead")
@login_required
def hand_over_lead(proposal_id: int) -> ResponseReturnValue:
    form = forms.HandOverForm()
    proposal = queries.visible_proposal(current_user, proposal_id)
    form.set_members(proposal.memberships)
    if form.validate_on_submit():
        try:
            team.hand_over_lead(_me(), proposal_id, form.new_lead.data)
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_("You have handed over the lead."), "success")
            return redirect(url_for("proposals.show", proposal_id=proposal_id))
    return _team_page(proposal_id, status=422, lead_form=form)


@bp.route("/<int:proposal_id>/team/leave", methods=["GET", "POST"])
@login_required
def leave_team(proposal_id: int) -> ResponseReturnValue:
    proposal = queries.visible_proposal(current_user, proposal_id)
    if not permissions.is_team_member(current_user, proposal):
        raise NotAllowed()
    form = forms.ConfirmForm()
    error = None
    if form.validate_on_submit():
        try:
            team.leave_team(_me(), proposal.id)
        except DomainError as exc:
            page_refusal(exc)
            error = exc
        else:
            flash(_("You have left the team."), "success")
            return redirect(url_for("proposals.show", proposal_id=proposal.id) if proposal.is_public
                            else url_for("proposals.index"))
    status = (error.status_code if error is not None else 422) if request.method == "POST" else 200
    return render_template("proposals/leave.html", proposal=proposal, form=form, error=error,
                           perm=permissions), status


# ================================================================ join links and invitations

def _join_page(token: str, *, status: int | None = None, error: Any = None) -> ResponseReturnValue:
    try:
        invite = team.find_invite(token)
    except NotFound as exc:
        return render_template("proposals/join.html", invite=None, token=token, error=exc.message), 404
    if error is None:
        try:
            team.check_invite(invite, current_user if current_user.is_authenticated else None)
        except DomainError as exc:
            error, status = exc, status or exc.status_code
    proposal = invite.proposal
    return render_template(
        "proposals/join.html", invite=invite, proposal=proposal, call=proposal.call, token=token,
        members=queries.members(proposal), confirmed=queries.confirmed_count(proposal.id),
        is_member=permissions.is_team_member(current_user, proposal), form=forms.ConfirmForm(),
        error=getattr(error, "message", error), perm=permissions), status or 200


@bp.get("/join/<token>")
def join(token: str) -> ResponseReturnValue:
    return _join_page(token)


@bp.post("/join/<token>/accept")
@login_required
def accept_invite(token: str) -> ResponseReturnValue:
    if not forms.ConfirmForm().validate_on_submit():
        return _join_page(token, status=400)
    try:
        invite = team.find_invite(token)
        if invite.invitation is not None:
            proposal = team.respond_to_invitation(_me(), accept=True, token=token)
        else:
            proposal = team.join_by_link(_me(), token)
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        return _join_page(token, status=exc.status_code, error=exc)
    flash(_("Welcome to the team of “%(title)s”!", title=proposal.title), "success")
    return redirect(url_for("proposals.show", proposal_id=proposal.id))


@bp.post("/join/<token>/decline")
@login_required
def decline_invite(token: str) -> ResponseReturnValue:
    if not forms.ConfirmForm().validate_on_submit():
        return _join_page(token, status=400)
    try:
        team.respond_to_invitation(_me(), accept=False, token=token)
    except DomainError as exc:
        if isinstance(exc, NotFound):
            raise
        return _join_page(token, status=exc.status_code, error=exc)
    flash(_("You have said no to the invitation. The lead of the team has been told."), "info")
    return redirect(url_for("proposals.index"))


def _answer_from_list(invitation_id: int, accept: bool) -> ResponseReturnValue:
    if not forms.ConfirmForm().validate_on_submit():
        return redirect(url_for("proposals.mine"))
    try:
        proposal = team.respond_to_invitation(_me(), accept=accept, invitation_id=invitation_id)
    except DomainError as exc:
        error = page_refusal(exc)
        now = utcnow()
        return render_template("proposals/mine.html", plans=queries.proposals_of(current_user),
                               invitations=queries.invitations_for(current_user, now),
                               to_review=queries.proposals_to_review(current_user), form=forms.ConfirmForm(),
                               error=error), exc.status_code
    if accept:
        flash(_("Welcome to the team of “%(title)s”!", title=proposal.title), "success")
        return redirect(url_for("proposals.show", proposal_id=proposal.id))
    flash(_("You have said no to the invitation. The lead of the team has been told."), "info")
    return redirect(url_for("proposals.mine"))


@bp.post("/invitations/<int:invitation_id>/accept")
@login_required
def accept_invitation(invitation_id: int) -> ResponseReturnValue:
    return _answer_from_list(invitation_id, True)


@bp.post("/invitations/<int:invitation_id>/decline")
@login_required
def decline_invitation(invitation_id: int) -> ResponseReturnValue:
    return _answer_from_list(invitation_id, False)


# ================================================================ review

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
            services.assess_proposal(_me(), proposal.id, form.verdicts())
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
            proposal = services.decide_proposal(_me(), proposal_id, decision=form.decision.data,
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


# ================================================================ after approval

@bp.post("/<int:proposal_id>/start")
@login_required
def start_work(proposal_id: int) -> ResponseReturnValue:
    if not forms.ConfirmForm().validate_on_submit():
        return _show_page(proposal_id, status=400)
    try:
        services.start_work(_me(), proposal_id)
    except DomainError as exc:
        return _show_page(proposal_id, status=exc.status_code, error=page_refusal(exc))
    flash(_("Good luck! When the plan is finished, write a short report."), "success")
    return redirect(url_for("proposals.show", proposal_id=proposal_id))


@bp.route("/<int:proposal_id>/report", methods=["GET", "POST"])
@login_required
def report(proposal_id: int) -> ResponseReturnValue:
    proposal = queries.visible_proposal(current_user, proposal_id)
    if not permissions.is_team_member(current_user, proposal):
        raise NotAllowed()
    if not permissions.can_report(current_user, proposal):
        flash(_("You can write the report when your plan has been approved and is not finished yet."), "info")
        return redirect(url_for("proposals.show", proposal_id=proposal.id))
    form = forms.ReportForm()
    if form.validate_on_submit() and not needs_kindness_nudge(form, *forms.REPORT_TEXT_FIELDS):
        try:
            services.complete_proposal(_me(), proposal.id, report=form.report.data, spent_cents=form.spent.data)
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_("Thank you for your report! The plan is now marked as completed."), "success")
            return redirect(url_for("proposals.show", proposal_id=proposal.id))
    return render_template("proposals/report.html", proposal=proposal, form=form), _status()


# ================================================================ manager pages

@bp.get("/manage")
@manager_required
def admin_calls() -> ResponseReturnValue:
    calls = queries.manageable_calls(current_user)
    counts = {c.id: _status_counts(c) for c in calls}
    return render_template("proposals/manage.html", calls=calls, counts=counts, now=utcnow(),
                           to_review=queries.proposals_to_review(current_user), labels=STATUS_LABELS,
                           everywhere=permissions.manager_scope(current_user) is None,
                           neighbourhoods=neighbourhood_queries.managed_neighbourhoods(current_user))


def _status_counts(call: Any) -> dict[ProposalStatus, int]:
    counts: dict[ProposalStatus, int] = {}
    for proposal in queries.call_proposals_for_manager(call):
        counts[proposal.status] = counts.get(proposal.status, 0) + 1
    return counts


def _call_data(form: forms.CallForm) -> calls.CallData:
    return calls.CallData(
        title=form.title.data or "", description=form.description.data or "",
        neighbourhood_ids=list(form.neighbourhood_ids.data or []), pot_cents=form.pot.data,
        max_per_proposal_cents=form.max_per_proposal.data, checklist=form.checklist.data or "",
        opens_at=form.opens_at.data, closes_at=form.closes_at.data, min_team_size=form.min_team_size.data,
        residence_required=bool(form.residence_required.data))


def _neighbourhood_choices() -> list[tuple[int, str]]:
    """The neighbourhoods this manager looks after (admins: all)."""
    return [(n.id, f"{n.name} ({n.areas_text})" if n.areas_text else n.name)
            for n in neighbourhood_queries.managed_neighbourhoods(current_user)]


def _call_form_page(form: forms.CallForm, call: Any, status: int) -> ResponseReturnValue:
    return render_template("proposals/call_form.html", form=form, call=call,
                           has_neighbourhoods=bool(form.neighbourhood_ids.choices),
                           everywhere=permissions.manager_scope(current_user) is None), status


@bp.route("/manage/calls/new", methods=["GET", "POST"])
@manager_required
def create_call() -> ResponseReturnValue:
    if request.method == "GET":
        defaults = calls.default_call_data()
        form = forms.CallForm(data={"min_team_size": defaults.min_team_size, "opens_at": defaults.opens_at,
                                    "closes_at": defaults.closes_at, "checklist": defaults.checklist})
    else:
        form = forms.CallForm()
    form.set_neighbourhoods(_neighbourhood_choices())
    if form.validate_on_submit():
        try:
            call = calls.create_call(_me(), _call_data(form))
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_("The call “%(title)s” has been made.", title=call.title), "success")
            return redirect(url_for("proposals.show_call", call_id=call.id))
    return _call_form_page(form, None, _status())


@bp.route("/manage/calls/<int:call_id>/edit", methods=["GET", "POST"])
@manager_required
def edit_call(call_id: int) -> ResponseReturnValue:
    call = queries.get_call(call_id)
    if not permissions.can_manage_call(current_user, call):
        raise NotAllowed()
    if request.method == "GET":
        form = forms.CallForm(data={
            "title": call.title, "description": call.description,
            "neighbourhood_ids": [n.id for n in call.neighbourhoods], "pot": call.pot_cents,
            "max_per_proposal": call.max_per_proposal_cents, "checklist": "\n".join(c.text for c in call.criteria),
            "opens_at": call.opens_at, "closes_at": call.closes_at, "min_team_size": call.min_team_size,
            "residence_required": call.residence_required})
    else:
        form = forms.CallForm()
    form.set_neighbourhoods(_neighbourhood_choices())
    if form.validate_on_submit():
        try:
            calls.update_call(_me(), call.id, _call_data(form))
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_("Your changes to the call are saved."), "success")
            return redirect(url_for("proposals.show_call", call_id=call.id))
    return _call_form_page(form, call, _status())


def _panel_page(call_id: int, *, form: Any = None, status: int = 200) -> ResponseReturnValue:
    call = queries.get_call(call_id)
    if not permissions.can_manage_call(current_user, call):
        raise NotAllowed()
    return render_template("proposals/panel.html", call=call, members=queries.panel_members(call),
                           form=form or forms.PanelMemberForm(), confirm=forms.ConfirmForm()), status


@bp.get("/manage/calls/<int:call_id>/panel")
@manager_required
def panel(call_id: int) -> ResponseReturnValue:
    return _panel_page(call_id)


@bp.post("/manage/calls/<int:call_id>/panel")
@manager_required
def add_panel_member(call_id: int) -> ResponseReturnValue:
    form = forms.PanelMemberForm()
    if form.validate_on_submit():
        try:
            member = calls.add_panel_member(_me(), call_id, form.email.data)
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_("%(name)s is now on the panel of this call.", name=member.user.public_name), "success")
            return redirect(url_for("proposals.panel", call_id=call_id))
    return _panel_page(call_id, form=form, status=422)


@bp.post("/manage/calls/<int:call_id>/panel/<int:user_id>/remove")
@manager_required
def remove_panel_member(call_id: int, user_id: int) -> ResponseReturnValue:
    if forms.ConfirmForm().validate_on_submit():
        calls.remove_panel_member(_me(), call_id, user_id)
        flash(_("The person is no longer on the panel."), "success")
    return redirect(url_for("proposals.panel", call_id=call_id))
