"""Admin pages for neighbourhoods and the service area."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from wijkhulp.accounts.decorators import admin_required
from wijkhulp.errors import DomainError
from wijkhulp.forms import attach_refusal
from wijkhulp.neighbourhoods import queries, services
from wijkhulp.neighbourhoods.forms import ConfirmForm, NeighbourhoodForm, ServiceAreaForm
from wijkhulp.neighbourhoods.models import Neighbourhood

bp = Blueprint("neighbourhoods", __name__, url_prefix="/admin/neighbourhoods")


def _actor() -> Any:
    return current_user._get_current_object()


def _service_area() -> dict[str, Any]:
    codes = services.service_area_pc4s()
    return {"codes": sorted(codes) if codes is not None else None,
            "places": queries.place_names(sorted(codes)) if codes else [],
            "name": services.service_area_name(), "outside_helpers": services.outside_helpers_allowed()}


@bp.get("")
@admin_required
def index() -> ResponseReturnValue:
    neighbourhoods = queries.all_neighbourhoods()
    places = {n.id: queries.place_names(n.pc4s) for n in neighbourhoods}
    return render_template("neighbourhoods/index.html", neighbourhoods=neighbourhoods, places=places,
                           service_area=_service_area())


@bp.route("/new", methods=["GET", "POST"])
@admin_required
def create_neighbourhood() -> ResponseReturnValue:
    form = NeighbourhoodForm()
    if form.validate_on_submit():
        try:
            neighbourhood = services.create_neighbourhood(
                name=form.name.data, description=form.description.data or "", areas=form.areas.data or "",
                actor=_actor())
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_("Neighbourhood “%(name)s” has been added.", name=neighbourhood.name), "success")
            return redirect(url_for("neighbourhoods.index"))
    status = 422 if form.is_submitted() else 200
    return render_template("neighbourhoods/form.html", form=form, neighbourhood=None, areas=[]), status


def _edit_page(form: NeighbourhoodForm, neighbourhood: Neighbourhood, status: int) -> ResponseReturnValue:
    return render_template("neighbourhoods/form.html", form=form, neighbourhood=neighbourhood,
                           areas=queries.area_labels(neighbourhood.pc4s)), status


@bp.get("/<int:neighbourhood_id>/edit")
@admin_required
def edit_neighbourhood(neighbourhood_id: int) -> ResponseReturnValue:
    neighbourhood = queries.get_neighbourhood(neighbourhood_id)
    form = NeighbourhoodForm(data={"name": neighbourhood.name, "description": neighbourhood.description,
                                   "areas": neighbourhood.areas_text})
    return _edit_page(form, neighbourhood, 200)


@bp.post("/<int:neighbourhood_id>/edit")
@admin_required
def update_neighbourhood(neighbourhood_id: int) -> ResponseReturnValue:
    form = NeighbourhoodForm()
    if form.validate_on_submit():
        try:
            neighbourhood = services.update_neighbourhood(
                neighbourhood_id, name=form.name.data, description=form.description.data or "",
                areas=form.areas.data or "", actor=_actor())
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_("Your changes to “%(name)s” have been saved.", name=neighbourhood.name), "success")
            return redirect(url_for("neighbourhoods.index"))
    return _edit_page(form, queries.get_neighbourhood(neighbourhood_id), 422)


@bp.get("/<int:neighbourhood_id>/delete")
@admin_required
def confirm_delete(neighbourhood_id: int) -> ResponseReturnValue:
    return render_template("neighbourhoods/delete.html", form=ConfirmForm(),
                           neighbourhood=queries.get_neighbourhood(neighbourhood_id))


@bp.post("/<int:neighbourhood_id>/delete")
@admin_required
def delete_neighbourhood(neighbourhood_id: int) -> ResponseReturnValue:
    name = services.delete_neighbourhood(neighbourhood_id, actor=_actor())
    flash(_("Neighbourhood “%(name)s” has been deleted.", name=name), "success")
    return redirect(url_for("neighbourhoods.index"))


@bp.route("/service-area", methods=["GET", "POST"])
@admin_required
def edit_service_area() -> ResponseReturnValue:
    form = ServiceAreaForm()
    if not form.is_submitted():
        form.service_area.data = services.service_area_text()
    elif form.validate_on_submit():
        try:
            codes = services.set_service_area(form.service_area.data or "", actor=_actor())
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            if codes:
                flash(ngettext("The service area has been saved: %(num)d postcode area.",
                               "The service area has been saved: %(num)d postcode areas.", len(codes)), "success")
            else:
                flash(_("The service area has been saved: all of the Netherlands."), "success")
            return redirect(url_for("neighbourhoods.index"))
    status = 422 if form.is_submitted() else 200
    return render_template("neighbourhoods/service_area.html", form=form, service_area=_service_area()), status
