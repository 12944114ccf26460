"""The processing register for admins (views): a page and a CSV download, generated from the registry."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from wijkhulp.accounts.decorators import admin_required
from wijkhulp.csvexport import Column, csv_response, variant_for
from wijkhulp.privacy import register, retention

bp = Blueprint("privacy", __name__, url_prefix="/admin/processing-register")

COLUMNS = (Column("key", _l("Processing")), Column("purpose", _l("Purpose")),
           Column("data_subjects", _l("Whose data")), Column("data_categories", _l("Which data")),
           Column("recipients", _l("Who receives it")), Column("legal_basis", _l("Legal basis")),
           Column("retention", _l("How long it is kept")))


@bp.get("/")
@admin_required
def index() -> ResponseReturnValue:
    return render_template("privacy/register.html", processings=register.processings(),
                           record_years=retention.RECORD_YEARS)


@bp.get("/register.csv")
@admin_required
def register_csv() -> ResponseReturnValue:
    rows = ((p.key, p.purpose, p.data_subjects, p.data_categories, p.recipients, p.legal_basis, p.retention)
            for p in register.processings())
    return csv_response("processing-register.csv", COLUMNS, list(rows), variant_for(request.args.get("format")))
