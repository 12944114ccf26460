"""Filter forms (GET, no CSRF): neighbourhood and period, for the dashboard and for the impact page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from wijkhulp.dashboard.periods import IMPACT_PERIOD_LABELS, IMPACT_PERIODS
from wijkhulp.forms import BoundedDateField


class DashboardFilterForm(FlaskForm):
    class Meta:
        csrf = False

    neighbourhood = SelectField(_l("Neighbourhood"), coerce=int, default=0, validators=[Optional()])
    start = BoundedDateField(_l("From"), validators=[Optional()])
    end = BoundedDateField(_l("Up to and including"), validators=[Optional()])


class ImpactFilterForm(FlaskForm):
    class Meta:
        csrf = False

    neighbourhood = SelectField(_l("Neighbourhood"), coerce=int, default=0, validators=[Optional()])
    period = SelectField(_l("Period"), default=IMPACT_PERIODS[0], validators=[Optional()],
                         choices=[SelectChoice(key, IMPACT_PERIOD_LABELS[key]) for key in IMPACT_PERIODS])
