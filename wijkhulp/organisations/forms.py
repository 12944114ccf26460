"""Forms for registering and changing organisations, inviting members and checking organisations."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired, Length, Optional

from wijkhulp.forms import strip
from wijkhulp.organisations.models import (DESCRIPTION_MAX_LENGTH, NAME_MAX_LENGTH, REASON_MAX_LENGTH,
                                           ROLE_LABELS, TYPE_LABELS, WEBSITE_MAX_LENGTH, MemberRole)

AT_MOST = _l("Use at most %(max)d characters.")


class OrganisationForm(FlaskForm):
    name = StringField(_l("Name of the organisation"), filters=[strip],
                       validators=[InputRequired(_l("Enter the name of the organisation.")),
                                   Length(max=NAME_MAX_LENGTH, message=AT_MOST)],
                       render_kw={"maxlength": NAME_MAX_LENGTH, "autocomplete": "organization"})
    type = RadioField(_l("What kind of organisation is it?"),
                      choices=[SelectChoice(kind.value, label) for kind, label in TYPE_LABELS.items()],
                      validators=[InputRequired(_l("Choose what kind of organisation it is."))])
    description = TextAreaField(_l("What does the organisation do?"), filters=[strip],
                                description=_l("A few sentences for residents. Everyone can read this."),
                                validators=[Optional(), Length(max=DESCRIPTION_MAX_LENGTH, message=AT_MOST)],
                                render_kw={"rows": 5})
    website = StringField(_l("Website"), filters=[strip],
                          description=_l("For example www.bakkerij-devecht.nl."),
                          validators=[Optional(), Length(max=WEBSITE_MAX_LENGTH, message=AT_MOST)],
                          render_kw={"autocomplete": "url", "inputmode": "url"})
    kvk_number = StringField(_l("Chamber of Commerce (KvK) number"), filters=[strip],
                             description=_l("8 digits. This helps the community manager check the organisation."),
                             validators=[Optional()],
                             render_kw={"inputmode": "numeric", "autocomplete": "off"})


class InviteForm(FlaskForm):
    email = StringField(_l("E-mail address of the person you invite"), filters=[strip],
                        validators=[InputRequired(_l("Enter an e-mail address, for example naam@voorbeeld.nl.")),
                                    Length(max=254, message=AT_MOST)],
                        description=_l("They get a message or an e-mail, and decide themselves whether to join."),
                        render_kw={"autocomplete": "off", "inputmode": "email", "type": "email"})
    role = RadioField(_l("Role"), default=MemberRole.MEMBER.value,
                      choices=[SelectChoice(MemberRole.MEMBER.value, _l("Member: can act on behalf of the "
                                                                        "organisation")),
                               SelectChoice(MemberRole.COORDINATOR.value, _l("Coordinator: can also change the "
                                                                             "details and the members"))],
                      validators=[InputRequired(_l("Choose member or coordinator."))])


class RoleForm(FlaskForm):
    role = HiddenField(validators=[InputRequired(), AnyOf([r.value for r in ROLE_LABELS])])


class DeclineForm(FlaskForm):
    reason = TextAreaField(_l("Why do you not approve the organisation (yet)?"), filters=[strip],
                           description=_l("The coordinators of the organisation read this. Tell them what they can "
                                          "do, for example: add the KvK number."),
                           validators=[InputRequired(_l("Write in a few words why.")),
                                       Length(max=REASON_MAX_LENGTH, message=AT_MOST)],
                           render_kw={"rows": 4})
