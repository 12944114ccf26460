"""Finding help: the search page and one listing's page."""

from __future__ import annotations

from flask import render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from wijkhulp.database import utcnow
from wijkhulp.errors import DomainError
from wijkhulp.forms import attach_error
from wijkhulp.geo import services as geo
from wijkhulp.marketplace import matching, queries
from wijkhulp.marketplace.forms import SearchForm, category_choices
from wijkhulp.marketplace.models import ListingKind
from wijkhulp.marketplace.views.blueprint import bp, listing_page, page_arg
from wijkhulp.neighbourhoods import services as neighbourhoods
from wijkhulp.text import search_words


@bp.get("/help")
def index() -> ResponseReturnValue:
    form = SearchForm(request.args)
    form.category.choices = category_choices(queries.active_categories(), blank=_("All kinds of help"))
    form.validate()
    kind = form.kind.data if form.kind.data in (ListingKind.REQUEST.value, ListingKind.OFFER.value) else None
    category_id = request.args.get("category", type=int)  # within 64 bits, or None
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
                                     page=page_arg())
        else:
            results = queries.newest(kind=kind, category_id=category_id, words=words, page=page_arg())
    args = {k: v for k, v in {"kind": kind, "category": category_id, "near": form.near.data,
                              "km": km if form.near.data or km != queries.DEFAULT_SEARCH_KM else None,
                              "q": form.q.data}.items() if v}
    # A place outside the service area: say so, instead of advising a larger distance that finds nothing either.
    outside = neighbourhoods.service_area_name() if origin is not None and not from_profile \
        and not neighbourhoods.in_service_area(origin.pc4) else None
    return render_template("marketplace/index.html", form=form, results=results, origin=origin,
                           from_profile=from_profile, km=km, args=args, now=utcnow(), outside_area=outside), status


@bp.get("/help/<int:listing_id>")
def show_listing(listing_id: int) -> ResponseReturnValue:
    listing = queries.visible_listing_or_404(listing_id, current_user)
    return listing_page(listing)
