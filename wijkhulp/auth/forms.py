"""Forms for signing in, registering and managing credentials."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import EqualTo, InputRequired, Length

from wijkhulp.accounts.services import MIN_PASSWORD_LENGTH
from wijkhulp.forms import DutchPostcode, strip

_PASSWORD_HINT = _l("At least %(n)s characters. A short sentence is easy to remember and hard to guess.",
                    n=MIN_PASSWORD_LENGTH)


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail address"), filters=[strip],
                       validators=[InputRequired(_l("Enter your e-mail address.")), Length(max=254)],
                       render_kw={"autocomplete": "email"})
    password = PasswordField(_l("Password"), validators=[InputRequired(_l("Enter your password."))],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField(_l("Keep me signed in on this device"))


class RegisterForm(FlaskForm):
    display_name = StringField(
        _l("Your name"), filters=[strip],
        validators=[InputRequired(_l("Enter your name.")), Length(min=2, max=60, message=_l(
            "Enter a name of 2 to 60 characters. Your first name is fine."))],
        description=_l("Signed-in neighbours see this name. Your first name is fine."),
        render_kw={"autocomplete": "given-name"})
    email = EmailField(_l("E-mail address"), filters=[strip],
                       validators=[InputRequired(_l("Enter your e-mail address.")), Length(max=254)],
                       description=_l("We send you a link to confirm it. Nobody else sees it."),
                       render_kw={"autocomplete": "email"})
    password = PasswordField(_l("Password"), validators=[InputRequired(_l("Choose a password."))],
                             description=_PASSWORD_HINT, render_kw={"autocomplete": "new-password"})
    password_repeat = PasswordField(
        _l("Password again"),
        validators=[InputRequired(_l("Type the password again.")),
                    EqualTo("password", message=_l("The two passwords are not the same."))],
        render_kw={"autocomplete": "new-password"})
    postcode = StringField(_l("Postcode"), filters=[strip],
                           validators=[InputRequired(_l("Enter your postcode.")), DutchPostcode()],
                           description=_l("For example 3601 AB. Neighbours only see the first four digits."),
                           render_kw={"autocomplete": "postal-code", "inputmode": "text"})
    accept_terms = BooleanField(
        _l("I agree to the terms of use and the privacy statement"),
        validators=[InputRequired(_l("You can only create an account if you agree to the terms of use and the "
                                     "privacy statement."))])
    age_confirmed = BooleanField(
        _l("I am 16 years or older"),
        validators=[InputRequired(_l("You can only create an account if you are 16 or older."))])


class EmailOnlyForm(FlaskForm):
    email = EmailField(_l("E-mail address"), filters=[strip],
                       validators=[InputRequired(_l("Enter your e-mail address.")), Length(max=254)],
                       render_kw={"autocomplete": "email"})


class NewPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[InputRequired(_l("Choose a password."))],
                             description=_PASSWORD_HINT, render_kw={"autocomplete": "new-password"})
    password_repeat = PasswordField(
        _l("New password again"),
        validators=[InputRequired(_l("Type the password again.")),
                    EqualTo("password", message=_l("The two passwords are not the same."))],
        render_kw={"autocomplete": "new-password"})


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"),
                                     validators=[InputRequired(_l("Enter your current password."))],
                                     render_kw={"autocomplete": "current-password"})
    new_password = PasswordField(_l("New password"), validators=[InputRequired(_l("Choose a password."))],
                                 description=_PASSWORD_HINT, render_kw={"autocomplete": "new-password"})
    new_password_repeat = PasswordField(
        _l("New password again"),
        validators=[InputRequired(_l("Type the password again.")),
                    EqualTo("new_password", message=_l("The two passwords are not the same."))],
        render_kw={"autocomplete": "new-password"})


class ChangeEmailForm(FlaskForm):
    new_email = EmailField(_l("New e-mail address"), filters=[strip],
                           validators=[InputRequired(_l("Enter your new e-mail address.")), Length(max=254)],
                           description=_l("We send a link to this address. The change happens when you open it."),
                           render_kw={"autocomplete": "email"})
    password = PasswordField(_l("Your password"), validators=[InputRequired(_l("Enter your password."))],
                             render_kw={"autocomplete": "current-password"})
