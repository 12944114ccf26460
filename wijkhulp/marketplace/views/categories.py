"""Admin: the categories of help (add, rename, switch off)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext

from wijkhulp.accounts.decorators import admin_required
from wijkhulp.errors import DomainError
from wijkhulp.forms import attach_refusal
from wijkhulp.marketplace import queries, services
from wijkhulp.marketplace.forms import CategoryForm
from wijkhulp.marketplace.views.blueprint import actor, bp


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
            category = services.add_category(actor(), form.name.data)
        except DomainError as exc:
            attach_refusal(form, exc)
        else:
            flash(_("Category “%(name)s” has been added.", name=category.name), "success")
            return redirect(url_for("marketplace.admin_categories"))
    return _categories_page(add_form=form, status=422)


@bp.post("/admin/categories/defaults")
@admin_required
def add_default_categories() -> ResponseReturnValue:
    added = services.ensure_default_categories(actor())
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
            category = services.rename_category(actor(), category_id, form.name.data)
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
    category = services.set_category_active(actor(), category_id, active)
    flash(_("“%(name)s” can be chosen again.", name=category.name) if active else
          _("“%(name)s” can no longer be chosen for new requests and offers.", name=category.name), "success")
    return redirect(url_for("marketplace.admin_categories"))
