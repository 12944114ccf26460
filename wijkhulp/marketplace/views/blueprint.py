"""The marketplace blueprint, its template globals and the helpers its pages share."""

from __future__ import annotations

import math
from typing import Any

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user

from wijkhulp import cache
from wijkhulp.database import utcnow
from wijkhulp.i18n import current_locale
from wijkhulp.geo import services as geo
from wijkhulp.geo.postcodes import distance_band, normalise_pc4
from wijkhulp.marketplace import models, permissions, queries
from wijkhulp.marketplace.forms import ResponseForm
from wijkhulp.marketplace.hours import days_ago
from wijkhulp.marketplace.models import Listing
from wijkhulp import web

bp = Blueprint("marketplace", __name__)


def actor() -> Any:
    """The signed-in user as a plain object, for a service call."""
    return current_user._get_current_object()


def page_arg() -> int:
    return web.page_arg()


def listing_page(listing: Listing, *, response_form: ResponseForm | None = None, error: Any = None,
                 status: int = 200) -> ResponseReturnValue:
    """A listing's page, with the reaction form (as sent, when it comes back with errors) or a refusal."""
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
        response_form=response_form or ResponseForm(), error=error,
        radius_warning=None if owner else radius_warning(listing)), status


def radius_warning(listing: Listing) -> str | None:
    """The sentence that warns a signed-in person who lives beyond the listing's radius, before they react:
    "Anna is looking for help within 2 km; you live 4 km away." The distance is rounded to whole km, or to a
    tenth when whole km would not show it is beyond the radius."""
    distance = queries.distance_beyond_radius(current_user, listing)
    if distance is None:
        return None
    shown: float = round(distance)
    if shown <= listing.radius_km:
        shown = math.ceil(distance * 10) / 10
    text = format_decimal(shown, format="#,##0.#")
    name = listing.organisation.name if listing.organisation is not None else listing.author.public_name
    if listing.kind == models.ListingKind.REQUEST:
        return _("%(name)s is looking for help within %(radius)s km; you live %(distance)s km away. You can "
                 "still react.", name=name, radius=listing.radius_km, distance=text)
    return _("%(name)s helps within %(radius)s km; you live %(distance)s km away. You can still react.",
             name=name, radius=listing.radius_km, distance=text)


def card_cache_key(card: queries.ListingCard, now: Any, heading: str, near: str | None) -> tuple[Any, ...]:
    """Everything a listing card shows or depends on, so that a cached card is never out of date or someone else's:
    the listing's id and last change (title, text, kind, urgency, place, ...), its category's and organisation's
    names, the author's public name, the locale, the age in days, the distance band, the link's `near`, and whether
    the viewer is signed in (only then are residents' names shown). A hidden or closed listing is not a card."""
    listing = card.listing
    author, organisation = listing.author, listing.organisation
    return ("card", listing.id, listing.updated_at, listing.hidden_at, listing.status, current_locale(),
            days_ago(listing.created_at, now), card.distance_band, near, heading,
            bool(current_user.is_authenticated), listing.category.name, author.public_name,
            author.is_deleted, bool(getattr(author, "is_hidden", False)), listing.on_behalf_name,
            listing.assisted_by_id, None if organisation is None else (organisation.id, organisation.name))


@bp.context_processor
def _labels() -> dict[str, Any]:
    return {"mk": {"kind": models.KIND_LABELS, "kinds": models.KIND_PLURAL, "status": models.STATUS_LABELS,
                   "status_badge": models.STATUS_BADGES, "part_of_day": models.PART_OF_DAY_LABELS,
                   "recurrence": models.RECURRENCE_LABELS, "urgency": models.URGENCY_LABELS,
                   "response_status": models.RESPONSE_STATUS_LABELS, "match_status": models.MATCH_STATUS_LABELS,
                   "reaction_state": models.REACTION_STATE_LABELS},
            "days_ago": days_ago, "area_of": geo.get_area, "distance_band": distance_band,
            "card_cache_key": card_cache_key, "card_cache": cache.fragments()}


@bp.app_template_global("marketplace_profile_summary")
def _profile_summary_global(user_id: int) -> queries.ProfileSummary:
    """For templates outside the marketplace (the public profile's `profile_extra` block)."""
    return queries.profile_summary(user_id)
