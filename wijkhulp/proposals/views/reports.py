"""Pages after approval: starting the work and the final report."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wijkhulp.errors import DomainError, NotAllowed
from wijkhulp.forms import attach_refusal, page_refusal
from wijkhulp.kindness import needs_kindness_nudge
from wijkhulp.proposals import forms, permissions, queries, services
from wijkhulp.proposals.views.blueprint import bp, form_status, me, show_page


@bp.post("/<int:proposal_id>/start")
@login_required
def start_work(proposal_id: int) -> ResponseReturnValue:
    if not forms.ConfirmForm().validate_on_submit():
        return show_page(proposal_id, status=400)
    try:
        services.start_work(me(), proposal_id)
    except DomainError as exc:
        return show_page(proposal_id, status=exc.status_code, error=page_refusal(exc))
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
            services.complete_proposal(me(), proposal.id, report=form.report.data, spent_cents=form.spent.data)
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_("Thank you for your report! The plan is now marked as completed."), "success")
            return redirect(url_for("proposals.show", proposal_id=proposal.id))
    return render_template("proposals/report.html", proposal=proposal, form=form), form_status()
