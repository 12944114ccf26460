"""Pages of the team: members, invitations, share links, the lead, leaving; join links and answering
invitations."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wijkhulp.database import utcnow
from wijkhulp.errors import DomainError, NotAllowed, NotFound
from wijkhulp.extensions import limiter
from wijkhulp.forms import attach_refusal, page_refusal
from wijkhulp.proposals import forms, permissions, queries
from wijkhulp.proposals.services import team
from wijkhulp.proposals.views.blueprint import bp, me


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
            sent = team.invite_member(me(), proposal_id, form.email.data)
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
    return _team_action(proposal_id, lambda: team.resend_invitation(me(), invitation_id),
                        _("The invitation has been sent again, with a new link."))


@bp.post("/<int:proposal_id>/team/invitations/<int:invitation_id>/revoke")
@login_required
def revoke_invitation(proposal_id: int, invitation_id: int) -> ResponseReturnValue:
    _ensure_invitation_of(proposal_id, invitation_id)
    return _team_action(proposal_id, lambda: team.revoke_invitation(me(), invitation_id),
                        _("The invitation has been taken back. Its link no longer works."))


def _ensure_invitation_of(proposal_id: int, invitation_id: int) -> None:
    proposal = queries.visible_proposal(current_user, proposal_id)
    if all(i.id != invitation_id for i in proposal.invitations):
        raise NotFound()


@bp.post("/<int:proposal_id>/team/share-link")
@login_required
def create_share_link(proposal_id: int) -> ResponseReturnValue:
    return _team_action(proposal_id, lambda: team.create_share_link(me(), proposal_id),
                        _("There is a new share link. Copy it and send it to your neighbours."))


@bp.post("/<int:proposal_id>/team/share-link/revoke")
@login_required
def revoke_share_link(proposal_id: int) -> ResponseReturnValue:
    return _team_action(proposal_id, lambda: team.revoke_share_link(me(), proposal_id),
                        _("The share link has been switched off. People who open it cannot join any more."))


@bp.post("/<int:proposal_id>/team/lead")
@login_required
def hand_over_lead(proposal_id: int) -> ResponseReturnValue:
    form = forms.HandOverForm()
    proposal = queries.visible_proposal(current_user, proposal_id)
    form.set_members(proposal.memberships)
    if form.validate_on_submit():
        try:
            team.hand_over_lead(me(), proposal_id, form.new_lead.data)
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
            team.leave_team(me(), proposal.id)
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
            proposal = team.respond_to_invitation(me(), accept=True, token=token)
        else:
            proposal = team.join_by_link(me(), token)
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
        team.respond_to_invitation(me(), accept=False, token=token)
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
        proposal = team.respond_to_invitation(me(), accept=accept, invitation_id=invitation_id)
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
