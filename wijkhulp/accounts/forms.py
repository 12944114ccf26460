"""Forms for the profile, personal settings, deleting the account and the admin's user pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from wijkhulp.accounts.models import ROLE_LABELS, Role
from wijkhulp.forms import DutchPostcode, strip


class ProfileForm(FlaskForm):
    display_name = StringField(_l("Your name"), filters=[strip],
                               validators=[InputRequired(_l("Enter your name.")), Length(min=2, max=60, message=_l(
                                   "Enter a name of 2 to 60 characters. Your first name is fine."))],
                               description=_l("Signed-in neighbours see this name."))
    postcode = StringField(_l("Postcode"), filters=[strip],
                           validators=[InputRequired(_l("Enter your postcode.")), DutchPostcode()],
                           description=_l("Private. Others only see the first four digits and your place."),
                           render_kw={"autocomplete": "postal-code"})
    bio = TextAreaField(_l("About you"), filters=[strip], validators=[Optional(), Length(max=1000, message=_l(
        "Use at most %(max)d characters."))], description=_l("A few words about yourself. At most 1000 characters."),
        render_kw={"rows": 4})
    skills = StringField(_l("What you are good at"), filters=[strip], validators=[Optional(), Length(max=500)],
                         description=_l("For example: gardening, computers, cooking."))
    languages = StringField(_l("Languages you speak"), filters=[strip], validators=[Optional(), Length(max=200)],
                            description=_l("For example: Nederlands, English, Türkçe."))


class SettingsForm(FlaskForm):
    locale = RadioField(_l("Language"), choices=[SelectChoice("nl", "Nederlands"), SelectChoice("en", "English")],
                        validators=[InputRequired(_l("Choose a language."))])
    phone = StringField(_l("Phone number"), filters=[strip], validators=[Optional(), Length(max=30)],
                        description=_l("Only shared with someone you are matched with, and only if you allow it."),
                        render_kw={"autocomplete": "tel", "inputmode": "tel"})
    share_email = BooleanField(_l("Share my e-mail address with people I am matched with"))
    share_phone = BooleanField(_l("Share my phone number with people I am matched with"))


class DeleteAccountForm(FlaskForm):
    password = PasswordField(_l("Your password"), validators=[InputRequired(_l("Enter your password."))],
                             render_kw={"autocomplete": "current-password"})
    confirm = BooleanField(_l("Yes, delete my account and my personal data"),
                           validators=[InputRequired(_l("Tick the box to confirm."))])


class UserSearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search by name or e-mail"), filters=[strip], validators=[Optional(), Length(max=100)])


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=[SelectChoice(r.value, ROLE_LABELS[r]) for r in Role],
                       validators=[InputRequired()])


class BlockForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), filters=[strip],
                           validators=[InputRequired(_l("Give a reason. The person will read it.")),
                                       Length(max=500)], render_kw={"rows": 3})


class SignOutForm(FlaskForm):
    """Only the CSRF token: signing out elsewhere is a button."""
