"""Pages of calls: a call and its budget, and the manager's pages (making and changing calls, the panel)."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from wijkhulp.accounts.decorators import manager_required
from wijkhulp.database import utcnow
from wijkhulp.errors import DomainError, NotAllowed
from wijkhulp.forms import attach_refusal
from wijkhulp.neighbourhoods import queries as neighbourhood_queries
from wijkhulp.proposals import forms, permissions, queries
from wijkhulp.proposals.models import STATUS_LABELS, ProposalStatus
from wijkhulp.proposals.services import calls
from wijkhulp.proposals.views.blueprint import bp, form_status, me


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
            call = calls.create_call(me(), _call_data(form))
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_("The call “%(title)s” has been made.", title=call.title), "success")
            return redirect(url_for("proposals.show_call", call_id=call.id))
    return _call_form_page(form, None, form_status())


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
            calls.update_call(me(), call.id, _call_data(form))
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_("Your changes to the call are saved."), "success")
            return redirect(url_for("proposals.show_call", call_id=call.id))
    return _call_form_page(form, call, form_status())


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
            member = calls.add_panel_member(me(), call_id, form.email.data)
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
        calls.remove_panel_member(me(), call_id, user_id)
        flash(_("The person is no longer on the panel."), "success")
    return redirect(url_for("proposals.panel", call_id=call_id))
