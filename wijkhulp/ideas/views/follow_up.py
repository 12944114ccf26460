"""The follow-up: some months after the auction the owner says whether the idea was carried out."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wijkhulp.database import utcnow
from wijkhulp.errors import DomainError, NotAllowed
from wijkhulp.forms import attach_refusal
from wijkhulp.ideas import permissions, queries, services
from wijkhulp.ideas.forms import FollowUpForm
from wijkhulp.ideas.models import Outcome
from wijkhulp.ideas.views.blueprint import actor, bp, visible_idea


@bp.route("/<int:idea_id>/follow-up", methods=["GET", "POST"])
@login_required
def follow_up(idea_id: int) -> ResponseReturnValue:
    idea = visible_idea(idea_id)
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
            services.answer_followup(actor(), idea.id, realised=form.realised.data or "", note=form.note.data)
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_("Thank you! Your answer is shown on the idea."), "success")
            return redirect(url_for("ideas.show_idea", idea_id=idea.id))
    return render_template("ideas/follow_up.html", form=form, idea=queries.get_idea(idea_id)), 422
