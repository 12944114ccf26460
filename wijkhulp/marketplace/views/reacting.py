"""Reacting: the reaction form, the conversation with accept/decline, contact sharing, completion and thanks."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wijkhulp.database import utcnow
from wijkhulp.errors import DomainError, NotAllowed, NotFound
from wijkhulp.forms import attach_refusal, page_refusal
from wijkhulp.kindness import needs_kindness_nudge
from wijkhulp.marketplace import permissions, queries, services
from wijkhulp.marketplace.forms import CompleteForm, ContactForm, MessageForm, ResponseForm, new_form_token
from wijkhulp.marketplace.hours import format_hours
from wijkhulp.marketplace.models import AlreadyResponded, MatchStatus, Response
from wijkhulp.marketplace.views.blueprint import actor, bp, radius_warning


@bp.route("/help/<int:listing_id>/respond", methods=["GET", "POST"])
@login_required
def respond(listing_id: int) -> ResponseReturnValue:
    listing = queries.visible_listing_or_404(listing_id, current_user)
    form = ResponseForm()
    if form.validate_on_submit() and not needs_kindness_nudge(form, "message"):
        try:
            response = services.respond(actor(), listing_id, form.message.data)
        except AlreadyResponded as exc:
            flash(str(exc.message), "info")
            if exc.response_id is not None:
                return redirect(url_for("marketplace.show_response", response_id=exc.response_id))
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_("Your reaction has been sent. You will get a message when there is an answer."), "success")
            return redirect(url_for("marketplace.show_response", response_id=response.id))
    return render_template("marketplace/respond.html", listing=listing, form=form, now=utcnow(),
                           state=listing.effective_status(utcnow()),
                           can_respond=permissions.can_respond(current_user, listing),
                           my_response=queries.viewer_response(listing.id, current_user),
                           radius_warning=radius_warning(listing)), (
        422 if form.is_submitted() else 200)


def _thread_page(response: Response, *, message_form: MessageForm | None = None,
                 complete_form: CompleteForm | None = None, error: Any = None,
                 status: int = 200) -> ResponseReturnValue:
    me = current_user.id
    match = response.match
    if message_form is None:
        message_form = MessageForm()
        message_form.form_token.data = new_form_token()
    contact_form = None
    if match is not None and match.status != MatchStatus.CANCELLED:
        share_email, share_phone = match.shares(me)
        contact_form = ContactForm(data={"share_email": share_email, "share_phone": share_phone})
    listing = response.listing
    other_id = response.other_party_id(me)
    return render_template(
        "marketplace/thread.html", response=response, listing=listing, match=match, now=utcnow(),
        is_owner=listing.author_id == me, other=response.responder if listing.author_id == me else listing.author,
        other_id=other_id, is_requester=match is not None and match.requester_id == me,
        contact=queries.counterpart_contact(match, me), contact_form=contact_form,
        complete_form=complete_form or CompleteForm(), message_form=message_form,
        thread_open=response.takes_messages,
        blocked=queries.is_blocked_between(me, other_id), i_blocked=queries.has_blocked(me, other_id),
        hours_text=format_hours(match.minutes) if match is not None else "", error=error,
        read_at=response.read_at_of(me), unread=response.is_unread_for(me)), status


@bp.get("/responses/<int:response_id>")
@login_required
def show_response(response_id: int) -> ResponseReturnValue:
    return _thread_page(queries.response_for_party_or_404(response_id, current_user))


@bp.post("/responses/<int:response_id>/messages")
@login_required
def send_message(response_id: int) -> ResponseReturnValue:
    response = queries.response_for_party_or_404(response_id, current_user)
    form = MessageForm()
    if form.validate_on_submit() and not needs_kindness_nudge(form, "body"):
        try:
            services.send_message(actor(), response_id, form.body.data, form_token=form.form_token.data)
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_("Your message has been sent."), "success")
            return redirect(url_for("marketplace.show_response", response_id=response_id, _anchor="messages"))
    return _thread_page(response, message_form=form, status=422)


def _thread_action(response_id: int, action: Any, success: str, *, to_listing: bool = False) -> ResponseReturnValue:
    """Run a button's service; on a refusal show the conversation again with the reason."""
    response = queries.response_for_party_or_404(response_id, current_user)
    try:
        action(response)
    except DomainError as exc:
        return _thread_page(queries.response_for_party_or_404(response_id, current_user), error=page_refusal(exc),
                            status=exc.status_code)
    flash(success, "success")
    if to_listing:
        return redirect(url_for("marketplace.show_listing", listing_id=response.listing_id, _anchor="reactions"))
    return redirect(url_for("marketplace.show_response", response_id=response_id))


@bp.post("/responses/<int:response_id>/accept")
@login_required
def accept_response(response_id: int) -> ResponseReturnValue:
    return _thread_action(response_id, lambda r: services.accept_response(actor(), r.id),
                          _("You accepted the reaction. You can now see each other's contact details, if you both "
                            "allow it. Make an appointment in the conversation."))


@bp.post("/responses/<int:response_id>/decline")
@login_required
def decline_response(response_id: int) -> ResponseReturnValue:
    return _thread_action(response_id, lambda r: services.decline_response(actor(), r.id),
                          _("You said no thanks. We let the other person know kindly."), to_listing=True)


@bp.post("/responses/<int:response_id>/withdraw")
@login_required
def withdraw_response(response_id: int) -> ResponseReturnValue:
    return _thread_action(response_id, lambda r: services.withdraw_response(actor(), r.id),
                          _("You took your reaction back."))


@bp.post("/responses/<int:response_id>/contact")
@login_required
def set_contact(response_id: int) -> ResponseReturnValue:
    form = ContactForm()
    return _thread_action(response_id, lambda r: services.set_contact_sharing(
        actor(), r.id, share_email=bool(form.share_email.data), share_phone=bool(form.share_phone.data)),
        _("Your choice is saved."))


@bp.route("/responses/<int:response_id>/complete", methods=["GET", "POST"])
@login_required
def complete_match(response_id: int) -> ResponseReturnValue:
    response = queries.response_for_party_or_404(response_id, current_user)
    match = response.match
    if match is None or match.requester_id != current_user.id:
        raise NotAllowed(_("Only the person who was helped can mark this as done."))
    form = CompleteForm()
    if form.validate_on_submit():
        try:
            services.complete_match(actor(), response_id, hours=form.hours.data, thanks=form.thanks.data,
                                    thanks_public=bool(form.thanks_public.data))
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_("Wonderful that it worked out! Thank you for letting us know."), "success")
            return redirect(url_for("marketplace.show_response", response_id=response_id))
    return render_template("marketplace/complete.html", response=response, match=match, form=form,
                           listing=response.listing), (422 if form.is_submitted() else 200)


@bp.route("/responses/<int:response_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel_match(response_id: int) -> ResponseReturnValue:
    response = queries.response_for_party_or_404(response_id, current_user)
    if response.match is None:
        raise NotFound()
    error = None
    if request.method == "POST":
        try:
            services.cancel_match(actor(), response_id)
        except DomainError as exc:
            error = page_refusal(exc)
        else:
            flash(_("The match is stopped. We let the other person know."), "success")
            return redirect(url_for("marketplace.show_response", response_id=response_id))
    return render_template("marketplace/cancel.html", response=response, match=response.match,
                           listing=response.listing, error=error), (422 if error else 200)


@bp.post("/responses/<int:response_id>/thanks-visibility")
@login_required
def thanks_visibility(response_id: int) -> ResponseReturnValue:
    public = request.form.get("public") == "1"
    return _thread_action(response_id, lambda r: services.set_thanks_public(actor(), r.id, public=public),
                          _("The thank-you note is now shown on the profile.") if public else
                          _("The thank-you note is no longer shown on the profile."))
