"""The managers' dashboard (charts with tables, CSV export) and the public impact page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from wijkhulp import i18n
from wijkhulp.accounts.decorators import manager_required
from wijkhulp.accounts.twofactor import services as staff_access
from wijkhulp.dashboard import charts, figures, forms, queries  # noqa: F401 (figures registers its own)
from wijkhulp.dashboard.formatting import number_text, row_text, shown
from wijkhulp.dashboard.periods import (IMPACT_PERIOD_LABELS, IMPACT_PERIODS, IMPACT_START, InvalidPeriod, Period,
                                       default_period, impact_period, make_period)
from wijkhulp.database import utcnow
from wijkhulp.forms import attach_error
from wijkhulp.metrics import SUPPRESSED
from wijkhulp.csvexport import Column, csv_response, variant_for
from wijkhulp.neighbourhoods import queries as neighbourhoods

bp = Blueprint("dashboard", __name__)


def _me() -> Any:
    return current_user._get_current_object()


def _chart(series_value: queries.SeriesValue, *, suppress: bool) -> charts.Chart:
    unit = series_value.series.unit
    rows = [(row_text(row[0]), *(shown(v, unit, suppress=suppress) for v in row[1:])) for row in series_value.rows]
    texts = [[number_text(v, unit) for v in row[1:]] for row in rows]
    return charts.bar_chart(rows, [str(c) for c in series_value.series.columns], texts)


@bp.app_template_global()
def row_label(label: Any) -> str:
    return row_text(label)


@bp.app_template_global()
def dashboard_value(value: Any, unit: str, suppress: bool = False) -> str:
    return number_text(shown(value, unit, suppress=suppress), unit)


def _filters() -> tuple[forms.DashboardFilterForm, Period, queries.Scope, bool]:
    """The neighbourhood (another manager's: 403) and the period from the query string."""
    form = forms.DashboardFilterForm(request.args)
    everything = _("All neighbourhoods") if current_user.is_admin else _("All my neighbourhoods")
    form.neighbourhood.choices = [SelectChoice(0, everything)] + [
        SelectChoice(n.id, n.name) for n in neighbourhoods.managed_neighbourhoods(_me())]
    scope = queries.manager_scope(_me(), request.args.get("neighbourhood", 0, type=int))
    period = default_period(utcnow())
    valid = form.validate()
    if valid:
        try:
            period = make_period(form.start.data, form.end.data, utcnow())
        except InvalidPeriod as exc:
            attach_error(form, exc)
            valid = False
    if valid:
        form.start.data, form.end.data = period.first_day, period.last_day
    return form, period, scope, valid


def _link_args() -> dict[str, str]:
    """The filter for the download links (each adds its own format)."""
    return {k: v for k, v in request.args.items() if k != "format"}


@bp.get("/manage/dashboard")
@manager_required
def index() -> ResponseReturnValue:
    form, period, scope, valid = _filters()
    sections = queries.compute(scope.pc4s, period.start, period.end) if valid else []
    charts_by_key = {s.series.key: _chart(s, suppress=False) for section in sections for s in section.series}
    return render_template("dashboard/index.html", form=form, period=period, scope=scope, sections=sections,
                           charts=charts_by_key, args=_link_args(), valid=valid), 200 if valid else 422


@bp.get("/manage/dashboard.csv")
@manager_required
def export_csv() -> ResponseReturnValue:
    form, period, scope, valid = _filters()
    if not valid:
        return render_template("dashboard/index.html", form=form, period=period, scope=scope, sections=[],
                               charts={}, args=_link_args(), valid=False), 422
    where = scope.neighbourhood.name if scope.neighbourhood else ("all" if scope.pc4s is None else "mine")
    staff_access.record_staff_look(current_user._get_current_object(), "data.export", "dashboard",
                                   details={"filters": request.args.to_dict()})
    rows = []
    for section in queries.compute(scope.pc4s, period.start, period.end):
        for item in section.figures:
            value = shown(item.value, item.figure.unit, suppress=True)
            rows.append((where, period.first_day.isoformat(), period.last_day.isoformat(), str(section.title),
                         item.figure.key, str(item.figure.label), "", "", value, item.figure.unit))
        for series_value in section.series:
            series = series_value.series
            for row in series_value.rows:
                for column, raw in zip(series.columns, row[1:], strict=False):
                    rows.append((where, period.first_day.isoformat(), period.last_day.isoformat(),
                                 str(section.title), series.key, str(series.label), str(row[0]), str(column),
                                 shown(raw, series.unit, suppress=True), series.unit))
    name = f"dashboard-{period.first_day.isoformat()}-{period.last_day.isoformat()}.csv"
    return csv_response(name, EXPORT_COLUMNS, rows, variant_for(request.args.get("format")))


EXPORT_COLUMNS = (Column("neighbourhood", _l("Neighbourhood")), Column("from", _l("From")),
                  Column("to", _l("Up to and including")), Column("section", _l("Section")),
                  Column("key", _l("Key")), Column("label", _l("Figure")), Column("row", _l("Row")),
                  Column("column", _l("Column")), Column("value", _l("Value")), Column("unit", _l("Unit")))


# ---------------------------------------------------------------- the public impact page

@bp.get("/impact")
def impact() -> ResponseReturnValue:
    form = forms.ImpactFilterForm(request.args)
    all_neighbourhoods = neighbourhoods.all_neighbourhoods()
    form.neighbourhood.choices = [SelectChoice(0, _("All neighbourhoods"))] + [
        SelectChoice(n.id, n.name) for n in all_neighbourhoods]
    chosen = request.args.get("neighbourhood", 0, type=int)
    scope = queries.public_scope(chosen)
    form.neighbourhood.data = chosen
    key = request.args.get("period", "")
    key = key if key in IMPACT_PERIODS else IMPACT_PERIODS[0]  # an unknown period is the default, not an error
    form.period.data = key
    now = utcnow()
    period = impact_period(key, now)
    # Periods start on a day boundary, so the cache key (start, scope, language) stays the same all day.
    sections = queries.compute_public(scope.pc4s, period.start if period else IMPACT_START, now,
                                      i18n.current_locale())
    charts_by_key = {s.series.key: _chart(s, suppress=True) for section in sections for s in section.series}
    return render_template("dashboard/impact.html", form=form, scope=scope, sections=sections, charts=charts_by_key,
                           suppressed=SUPPRESSED, period=period, period_key=key,
                           period_label=IMPACT_PERIOD_LABELS[key])
