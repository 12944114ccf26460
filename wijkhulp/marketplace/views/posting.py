"""Posting and changing a listing: new, edit, withdraw and renew."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from wijkhulp.errors import DomainError
from wijkhulp.forms import attach_error, attach_refusal, page_refusal
from wijkhulp.i18n import date_local
from wijkhulp.kindness import needs_kindness_nudge
from wijkhulp.marketplace import permissions, queries, services
from wijkhulp.marketplace.forms import (LISTING_TEXT_FIELDS, ListingForm, category_choices, new_form_token,
                                        organisation_choices)
from wijkhulp.marketplace.models import (DuplicateListing, Listing, ListingKind, ListingStatus, NotOwner,
                                         OutsideManagerArea)
from wijkhulp.marketplace.views.blueprint import actor, bp, listing_page
from wijkhulp.neighbourhoods.services import own_request_refusal
from wijkhulp.organisations import queries as organisation_queries


def _listing_form(listing: Listing | None = None) -> ListingForm:
    form = ListingForm(obj=listing) if listing is not None and request.method == "GET" else ListingForm()
    categories = queries.active_categories()
    if listing is not None and all(c.id != listing.category_id for c in categories):
        categories.append(listing.category)
    form.category_id.choices = category_choices(categories, blank=_("Choose a kind of help"))
    organisations = organisation_queries.organisations_of(current_user)
    if listing is not None and listing.organisation is not None and listing.organisation not in organisations:
        organisations.append(listing.organisation)  # kept as it is, also when the author is no longer a member
    form.organisation_id.choices = organisation_choices(organisations, me=current_user.public_name)
    if request.method == "GET" and listing is not None:
        form.organisation_id.data = str(listing.organisation_id or "")
        form.kind.data = listing.kind.value
        form.category_id.data = str(listing.category_id)
        form.radius_km.data = str(listing.radius_km)
        form.timing.data = listing.timing.value
        form.part_of_day.data = listing.part_of_day.value if listing.part_of_day else "any"
        form.recurrence.data = listing.recurrence.value if listing.recurrence else ""
        form.urgency.data = listing.urgency.value
        form.on_behalf.data = listing.on_behalf_name is not None
        form.on_behalf_name.data = listing.on_behalf_name or ""
        form.on_behalf_consent.data = listing.on_behalf_consent_at is not None
    return form


def _listing_input(form: ListingForm) -> services.ListingInput:
    return services.ListingInput(
        kind=form.kind.data or "", category_id=form.category_id.data, title=form.title.data or "",
        description=form.description.data or "", pc4=form.pc4.data or "", radius_km=form.radius_km.data,
        timing=form.timing.data or "", timing_date=form.timing_date.data, part_of_day=form.part_of_day.data,
        recurrence=form.recurrence.data or None, timing_note=form.timing_note.data or "",
        urgency=form.urgency.data or "", on_behalf=bool(form.on_behalf.data),
        on_behalf_name=form.on_behalf_name.data or "", on_behalf_consent=bool(form.on_behalf_consent.data),
        assisted=bool(form.assisted.data) and permissions.can_post_assisted(current_user),
        assisted_note=form.assisted_note.data or "", organisation_id=form.organisation_id.data or None)


def _form_page(form: ListingForm, listing: Listing | None, can_assist: bool, status: int, *,
               duplicate_of: int | None = None, outsider_note: Any = None) -> ResponseReturnValue:
    return render_template("marketplace/form.html", form=form, listing=listing, can_assist=can_assist,
                           post_as=len(form.organisation_id.choices) > 1 and not (listing and listing.is_assisted),
                           duplicate_of=duplicate_of, outsider_note=outsider_note), status


@bp.route("/help/new", methods=["GET", "POST"])
@login_required
def new_listing() -> ResponseReturnValue:
    refusal = services.poster_refusal(actor())
    if refusal is not None:  # told before filling in the form; create_listing checks again
        raise refusal
    form = _listing_form()
    if request.method == "GET":
        form.form_token.data = new_form_token()
        if request.args.get("kind") in (ListingKind.REQUEST.value, ListingKind.OFFER.value):
            form.kind.data = request.args["kind"]
        form.pc4.data = current_user.pc4 or ""
        if request.args.get("assisted") and permissions.can_post_assisted(current_user):
            form.assisted.data, form.kind.data = True, ListingKind.REQUEST.value
    status = 422 if form.is_submitted() else 200
    duplicate_of = None
    if form.validate_on_submit() and not needs_kindness_nudge(form, *LISTING_TEXT_FIELDS):
        try:
            listing = services.create_listing(actor(), _listing_input(form), form_token=form.form_token.data)
        except OutsideManagerArea as exc:  # assisted posting: the form stays, with the reason at the postcode
            attach_error(form, exc)
            status = exc.status_code
        except DuplicateListing as exc:  # the form keeps what was typed, with a link to the first one
            attach_error(form, exc)
            duplicate_of = exc.listing_id
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_created_message(listing), "success")
            return redirect(url_for("marketplace.show_listing", listing_id=listing.id))
    outsider = own_request_refusal(current_user) if not permissions.can_post_assisted(current_user) else None
    return _form_page(form, None, permissions.can_post_assisted(current_user), status, duplicate_of=duplicate_of,
                      outsider_note=outsider.message if outsider is not None else None)


def _created_message(listing: Listing) -> str:
    if listing.hidden_at is not None:  # pre-moderation: a new account's first post waits for a manager
        return (_("Thank you for your request! Because you are new here, a community manager looks at it first. "
                  "You will get a message when neighbours can see it.") if listing.kind == ListingKind.REQUEST else
                _("Thank you for your offer! Because you are new here, a community manager looks at it first. "
                  "You will get a message when neighbours can see it."))
    return (_("Thank you! Your request is online. We will let you know when a neighbour reacts.")
            if listing.kind == ListingKind.REQUEST else
            _("Thank you! Your offer is online. We will let you know when a neighbour reacts."))


def _own_listing_or_403(listing_id: int) -> Listing:
    listing = queries.visible_listing_or_404(listing_id, current_user)
    if not permissions.can_edit_listing(current_user, listing):
        raise NotOwner()
    return listing


@bp.route("/help/<int:listing_id>/edit", methods=["GET", "POST"])
@login_required
def edit_listing(listing_id: int) -> ResponseReturnValue:
    listing = _own_listing_or_403(listing_id)
    form = _listing_form(listing)
    if form.validate_on_submit() and not needs_kindness_nudge(form, *LISTING_TEXT_FIELDS):
        try:
            services.update_listing(actor(), listing_id, _listing_input(form))
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_("Your changes are saved."), "success")
            return redirect(url_for("marketplace.show_listing", listing_id=listing_id))
    return _form_page(form, listing, listing.is_assisted, 422 if form.is_submitted() else 200)


@bp.route("/help/<int:listing_id>/withdraw", methods=["GET", "POST"])
@login_required
def withdraw_listing(listing_id: int) -> ResponseReturnValue:
    listing = _own_listing_or_403(listing_id)
    error = None
    if request.method == "POST":
        try:
            listing = services.withdraw_listing(actor(), listing_id)
        except DomainError as exc:
            error = page_refusal(exc)
        else:
            flash(_("Your offer is closed. Thank you for helping!") if listing.status == ListingStatus.COMPLETED
                  else _("It is offline now. Nobody can react to it any more."), "success")
            return redirect(url_for("marketplace.my_listings"))
    return render_template("marketplace/withdraw.html", listing=listing, error=error), (422 if error else 200)


@bp.post("/help/<int:listing_id>/renew")
@login_required
def renew_listing(listing_id: int) -> ResponseReturnValue:
    listing = _own_listing_or_403(listing_id)
    try:
        listing = services.renew_listing(actor(), listing_id)
    except DomainError as exc:
        return listing_page(listing, error=page_refusal(exc), status=exc.status_code)
    flash(_("It is online again until %(date)s.", date=_date(listing.expires_at)), "success")
    return redirect(url_for("marketplace.show_listing", listing_id=listing_id))


def _date(value: Any) -> str:
    return date_local(value)
