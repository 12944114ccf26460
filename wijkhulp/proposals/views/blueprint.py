"""The proposals blueprint `bp` and the view helpers the page modules share (the actor, the status of a form page,
the plan page)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from wijkhulp.database import utcnow
from wijkhulp.proposals import forms, permissions, queries, services

bp = Blueprint("proposals", __name__, url_prefix="/plans")


def me() -> Any:
    """The signed-in person (not the proxy), for the services."""
    return current_user._get_current_object()


def form_status() -> int:
    return 422 if request.method == "POST" else 200


def show_page(proposal_id: int, *, status: int = 200, error: Any = None) -> ResponseReturnValue:
    """The plan page, with the refusal of an action on it when there was one."""
    proposal = queries.visible_proposal(current_user, proposal_id)
    problems = services.readiness(proposal) if permissions.can_submit(current_user, proposal) else []
    return render_template(
        "proposals/show.html", proposal=proposal, call=proposal.call, members=queries.members(proposal),
        pending=queries.pending_invitations(proposal), supports=queries.support_count(proposal),
        has_supported=queries.has_supported(current_user, proposal), problems=problems,
        assessments=queries.assessments_by_criterion(proposal), confirmed=queries.confirmed_count(proposal.id),
        perm=permissions, form=forms.ConfirmForm(), error=error, now=utcnow()), status
