"""Forms for the neighbourhood admin pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from wijkhulp.forms import strip
from wijkhulp.neighbourhoods.models import DESCRIPTION_MAX_LENGTH, NAME_MAX_LENGTH

AREAS_HINT = _l("Four-digit postcode areas, separated by commas. A range such as 3601-3608 is fine: it takes "
                "every postcode area in that range.")


class NeighbourhoodForm(FlaskForm):
    name = StringField(_l("Name"), filters=[strip],
                       validators=[InputRequired(_l("Enter a name for the neighbourhood, for example Maarssen.")),
                                   Length(max=NAME_MAX_LENGTH, message=_l("Use at most %(max)d characters."))],
                       render_kw={"maxlength": NAME_MAX_LENGTH, "autocomplete": "off"})
    description = TextAreaField(_l("Description"), filters=[strip],
                                description=_l("A few words about the neighbourhood, for residents and managers."),
                                validators=[Length(max=DESCRIPTION_MAX_LENGTH,
                                                   message=_l("Use at most %(max)d characters."))],
                                render_kw={"rows": 4})
    areas = TextAreaField(_l("Postcode areas"), filters=[strip], description=AREAS_HINT, render_kw={"rows": 3})


class ServiceAreaForm(FlaskForm):
    service_area = TextAreaField(_l("Service area"), filters=[strip], render_kw={"rows": 4},
                                 description=_l("The postcode areas this site serves. Four-digit postcode areas, "
                                                "separated by commas; a range such as 3601-3608 is fine. Leave "
                                                "empty for all of the Netherlands."))


class ConfirmForm(FlaskForm):
    """Only the CSRF token: a confirmation button."""
