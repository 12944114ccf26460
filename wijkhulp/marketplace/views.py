"""Marketplace pages: find help, one listing, post and change, react, the conversation with accept/decline,
contact sharing, completion and thanks; my listings and reactions; blocks; unanswered requests; categories."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from wijkhulp.accounts.decorators import admin_required, manager_required
from wijkhulp.database import utcnow
from wijkhulp.errors import DomainError, NotAllowed, NotFound
from wijkhulp.forms import attach_error, attach_refusal, page_refusal
from wijkhulp.geo import services as geo
from wijkhulp.geo.postcodes import distance_band, normalise_pc4
from wijkhulp.kindness import needs_kindness_nudge
from wijkhulp.marketplace import matching, permissions, queries, services
from wijkhulp.text import search_words
from wijkhulp.marketplace.hours import days_ago, format_hours
from wijkhulp.marketplace import setting_specs as specs
from wijkhulp.marketplace.forms import (LISTING_TEXT_FIELDS, CategoryForm, CompleteForm, ContactForm, ListingForm,
                                        MessageForm, ResponseForm, SearchForm, category_choices, new_form_token,
                                        organisation_choices)
from wijkhulp.marketplace.models import (AlreadyResponded, Listing, ListingKind, ListingStatus, MatchStatus,
                                         NotOwner, OutsideManagerArea, Response, ResponseStatus)
from wijkhulp.organisations import queries as organisation_queries
from wijkhulp.settings import services as settings

bp = Blueprint("marketplace", __name__)


def _me() -> Any:
    return current_user._get_current_object()


def _page_arg() -> int:
    page = request.args.get("page", 1, type=int)
    return page if page and page > 0 else 1


# ---------------------------------------------------------------- finding help

@bp.get("/help")
def index() -> ResponseReturnValue:
    form = SearchForm(request.args)
    form.category.choices = category_choices(queries.active_categories(), blank=_("All kinds of help"))
    form.validate()
    kind = form.kind.data if form.kind.data in (ListingKind.REQUEST.value, ListingKind.OFFER.value) else None
    category_id = int(form.category.data) if (form.category.data or "").isdigit() else None
    km = matching.valid_radius(form.km.data) or queries.DEFAULT_SEARCH_KM
    words = search_words(form.q.data)
    origin, from_profile, status = None, False, 200
    if form.near.data:
        try:
            origin = geo.locate(form.near.data)
        except DomainError as exc:
            attach_error(form, exc)
            status = 422
    elif current_user.is_authenticated and current_user.pc4 and geo.get_area(current_user.pc4):
        origin, from_profile = geo.get_area(current_user.pc4), True
    results = None
    if status == 200:
        if origin is not None:
            results = queries.nearby(origin_pc4=origin.pc4, km=km, kind=kind, category_id=category_id, words=words,
                                     page=_page_arg())
        else:
            results = queries.newest(kind=kind, category_id=category_id, words=words, page=_page_arg())
    args = {k: v for k, v in {"kind": kind, "category": category_id, "near": form.near.data,
                              "km": km if form.near.data or km != queries.DEFAULT_SEARCH_KM else None,
                              "q": form.q.data}.items() if v}
    return render_template("marketplace/index.html", form=form, results=results, origin=origin,
                           from_profile=from_profile, km=km, args=args, now=utcnow()), status


@bp.get("/help/<int:listing_id>")
def show_listing(listing_id: int) -> ResponseReturnValue:
    listing = queries.visible_listing_or_404(listing_id, current_user)
    return _listing_page(listing)


def _listing_page(listing: Listing, *, response_form: ResponseForm | None = None, error: Any = None,
                  status: int = 200) -> ResponseReturnValue:
    now = utcnow()
    owner = permissions.is_owner(current_user, listing)
    near = normalise_pc4(request.args.get("near", ""))  # the place the visitor searched from, if any
    viewer_pc4 = near or (current_user.pc4 if current_user.is_authenticated else None)
    return render_template(
        "marketplace/show.html", listing=listing, now=now, state=listing.effective_status(now), is_owner=owner,
        area=geo.get_area(listing.pc4), distance=queries.distance_from(viewer_pc4, listing), near=near,
        responses=queries.responses_for_owner(listing) if owner else [],
        my_response=None if owner else queries.viewer_response(listing.id, current_user),
        suggestions=queries.suggestions(listing, now=now), can_respond=permissions.can_respond(current_user, listing),
        is_manager=permissions.can_manage_marketplace(current_user),
        response_form=response_form or ResponseForm(), error=error), status


# ---------------------------------------------------------------- posting and changing

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


def _form_page(form: ListingForm, listing: Listing | None, can_assist: bool, status: int) -> ResponseReturnValue:
    return render_template("marketplace/form.html", form=form, listing=listing, can_assist=can_assist,
                           post_as=len(form.organisation_id.choices) > 1 and not (listing and listing.is_assisted)
                           ), status


@bp.route("/help/new", methods=["GET", "POST"])
@login_required
def new_listing() -> ResponseReturnValue:
    refusal = services.poster_refusal(_me())
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
    if form.validate_on_submit() and not needs_kindness_nudge(form, *LISTING_TEXT_FIELDS):
        try:
            listing = services.create_listing(_me(), _listing_input(form), form_token=form.form_token.data)
        except OutsideManagerArea as exc:  # assisted posting: the form stays, with the reason at the postcode
            attach_error(form, exc)
            status = exc.status_code
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_created_message(listing), "success")
            return redirect(url_for("marketplace.show_listing", listing_id=listing.id))
    return _form_page(form, None, permissions.can_post_assisted(current_user), status)


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
            services.update_listing(_me(), listing_id, _listing_input(form))
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
            listing = services.withdraw_listing(_me(), listing_id)
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
        listing = services.renew_listing(_me(), listing_id)
    except DomainError as exc:
        return _listing_page(listing, error=page_refusal(exc), status=exc.status_code)
    flash(_("It is online again until %(date)s.", date=_date(listing.expires_at)), "success")
    return redirect(url_for("marketplace.show_listing", listing_id=listing_id))


def _date(value: Any) -> str:
    return format_date(value, "long")


# ---------------------------------------------------------------- reacting

@bp.route("/help/<int:listing_id>/respond", methods=["GET", "POST"])
@login_required
def respond(listing_id: int) -> ResponseReturnValue:
    listing = queries.visible_listing_or_404(listing_id, current_user)
    form = ResponseForm()
    if form.validate_on_submit() and not needs_kindness_nudge(form, "message"):
        try:
            response = services.respond(_me(), listing_id, form.message.data)
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
                           my_response=queries.viewer_response(listing.id, current_user)), (
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
        thread_open=response.status in (ResponseStatus.OPEN, ResponseStatus.ACCEPTED) and not (
            match is not None and match.status == MatchStatus.CANCELLED),
        blocked=queries.is_blocked_between(me, other_id), i_blocked=queries.has_blocked(me, other_id),
        hours_text=format_hours(match.minutes) if match is not None else "", error=error), status


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
            services.send_message(_me(), response_id, form.body.data, form_token=form.form_token.data)
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
    return _thread_action(response_id, lambda r: services.accept_response(_me(), r.id),
                          _("You accepted the reaction. You can now see each other's contact details, if you both "
                            "allow it. Make an appointment in the conversation."))


@bp.post("/responses/<int:response_id>/decline")
@login_required
def decline_response(response_id: int) -> ResponseReturnValue:
    return _thread_action(response_id, lambda r: services.decline_response(_me(), r.id),
                          _("You said no thanks. We let the other person know kindly."), to_listing=True)


@bp.post("/responses/<int:response_id>/withdraw")
@login_required
def withdraw_response(response_id: int) -> ResponseReturnValue:
    return _thread_action(response_id, lambda r: services.withdraw_response(_me(), r.id),
                          _("You took your reaction back."))


@bp.post("/responses/<int:response_id>/contact")
@login_required
def set_contact(response_id: int) -> ResponseReturnValue:
    form = ContactForm()
    return _thread_action(response_id, lambda r: services.set_contact_sharing(
        _me(), r.id, share_email=bool(form.share_email.data), share_phone=bool(form.share_phone.data)),
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
            services.complete_match(_me(), response_id, hours=form.hours.data, thanks=form.thanks.data,
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
            services.cancel_match(_me(), response_id)
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
    return _thread_action(response_id, lambda r: services.set_thanks_public(_me(), r.id, public=public),
                          _("The thank-you note is now shown on the profile.") if public else
                          _("The thank-you note is no longer shown on the profile."))


# ---------------------------------------------------------------- mine

@bp.get("/my/listings")
@login_required
def my_listings() -> ResponseReturnValue:
    pagination = queries.my_listings(current_user, page=_page_arg())
    counts = queries.open_response_counts(item.id for item in pagination.items)
    return render_template("marketplace/my_listings.html", pagination=pagination, counts=counts, now=utcnow())


@bp.get("/my/responses")
@login_required
def my_responses() -> ResponseReturnValue:
    return render_template("marketplace/my_responses.html", pagination=queries.my_responses(current_user,
                                                                                           page=_page_arg()))


@bp.get("/my/blocked")
@login_required
def blocked_people() -> ResponseReturnValue:
    return render_template("marketplace/blocked.html", blocks=queries.blocks_by(current_user))


@bp.post("/people/<int:user_id>/block")
@login_required
def block_person(user_id: int) -> ResponseReturnValue:
    try:
        services.block_user(_me(), user_id)
    except DomainError as exc:
        flash(str(page_refusal(exc)), "error")
    else:
        flash(_("This person is blocked. You will not get reactions or messages from each other any more."),
              "success")
    return redirect(_safe_next(url_for("marketplace.blocked_people")))


@bp.post("/people/<int:user_id>/unblock")
@login_required
def unblock_person(user_id: int) -> ResponseReturnValue:
    services.unblock_user(_me(), user_id)
    flash(_("The block is lifted."), "success")
    return redirect(_safe_next(url_for("marketplace.blocked_people")))


def _safe_next(default: str) -> str:
    target = request.form.get("next") or ""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else default


@bp.get("/people/<int:user_id>/help")
def profile_help(user_id: int) -> ResponseReturnValue:
    person = queries.person_or_404(user_id)
    return render_template("marketplace/profile_help.html", person=person,
                           summary=queries.profile_summary(person.id))


# ---------------------------------------------------------------- community managers

@bp.get("/manage/unanswered")
@manager_required
def unanswered() -> ResponseReturnValue:
    days = int(settings.get(specs.UNANSWERED_DAYS))
    pagination = queries.unanswered_requests(_me(), days=days, page=_page_arg())
    helpers = {listing.id: (queries.suggestions(listing), queries.past_helpers(listing),
                            queries.invited_user_ids(listing.id)) for listing in pagination.items}
    return render_template("marketplace/unanswered.html", pagination=pagination, helpers=helpers, days=days,
                           now=utcnow())


@bp.post("/manage/unanswered/<int:listing_id>/invite/<int:user_id>")
@manager_required
def invite_helper(listing_id: int, user_id: int) -> ResponseReturnValue:
    try:
        asked = services.invite_helper(_me(), listing_id, user_id)
    except DomainError as exc:
        flash(str(page_refusal(exc)), "error")
    else:
        flash(_("We sent this neighbour a message about the request.") if asked else
              _("This neighbour was already asked about this request."), "success")
    return redirect(url_for("marketplace.unanswered", _anchor=f"request-{listing_id}"))


# ---------------------------------------------------------------- admin: categories

def _categories_page(add_form: CategoryForm | None = None, rename_forms: dict[int, CategoryForm] | None = None,
                     status: int = 200) -> ResponseReturnValue:
    categories = queries.all_categories()
    forms = {c.id: CategoryForm(prefix=f"c{c.id}", data={"name": c.name}) for c in categories}
    forms.update(rename_forms or {})
    for category in categories:  # each row's field says which category it renames
        forms[category.id].name.label.text = _("New name for “%(name)s”", name=category.name)
        forms[category.id].name.description = ""
    return render_template("marketplace/admin_categories.html", categories=categories,
                           add_form=add_form or CategoryForm(prefix="new"), rename_forms=forms), status


@bp.get("/admin/categories")
@admin_required
def admin_categories() -> ResponseReturnValue:
    return _categories_page()


@bp.post("/admin/categories")
@admin_required
def add_category() -> ResponseReturnValue:
    form = CategoryForm(prefix="new")
    if form.validate_on_submit():
        try:
            category = services.add_category(_me(), form.name.data)
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_("Category “%(name)s” has been added.", name=category.name), "success")
            return redirect(url_for("marketplace.admin_categories"))
    return _categories_page(add_form=form, status=422)


@bp.post("/admin/categories/defaults")
@admin_required
def add_default_categories() -> ResponseReturnValue:
    added = services.ensure_default_categories(_me())
    flash(ngettext("%(num)d standard category added.", "%(num)d standard categories added.", added) if added else
          _("All standard categories are there already."), "success")
    return redirect(url_for("marketplace.admin_categories"))


@bp.post("/admin/categories/<int:category_id>/rename")
@admin_required
def rename_category(category_id: int) -> ResponseReturnValue:
    queries.category_or_404(category_id)
    form = CategoryForm(prefix=f"c{category_id}")
    if form.validate_on_submit():
        try:
            category = services.rename_category(_me(), category_id, form.name.data)
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_("The category is now called “%(name)s”.", name=category.name), "success")
            return redirect(url_for("marketplace.admin_categories"))
    return _categories_page(rename_forms={category_id: form}, status=422)


@bp.post("/admin/categories/<int:category_id>/active")
@admin_required
def set_category_active(category_id: int) -> ResponseReturnValue:
    active = request.form.get("active") == "1"
    category = services.set_category_active(_me(), category_id, active)
    flash(_("“%(name)s” can be chosen again.", name=category.name) if active else
          _("“%(name)s” can no longer be chosen for new requests and offers.", name=category.name), "success")
    return redirect(url_for("marketplace.admin_categories"))


@bp.context_processor
def _labels() -> dict[str, Any]:
    from wijkhulp.marketplace import models

    return {"mk": {"kind": models.KIND_LABELS, "kinds": models.KIND_PLURAL, "status": models.STATUS_LABELS,
                   "status_badge": models.STATUS_BADGES, "part_of_day": models.PART_OF_DAY_LABELS,
                   "recurrence": models.RECURRENCE_LABELS, "urgency": models.URGENCY_LABELS,
                   "response_status": models.RESPONSE_STATUS_LABELS, "match_status": models.MATCH_STATUS_LABELS},
            "days_ago": days_ago, "area_of": geo.get_area, "distance_band": distance_band}


@bp.app_template_global("marketplace_profile_summary")
def _profile_summary_global(user_id: int) -> queries.ProfileSummary:
    """For templates outside the marketplace (the public profile's `profile_extra` block)."""
    return queries.profile_summary(user_id)
