"""Forms of two-step sign-in: a code, turning it off, new recovery codes."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired, Length

from wijkhulp.forms import strip

_CODE_HINT = _l("The 6 digits your app shows now. Lost your phone? Type one of your recovery codes.")


def _code_field(description=_CODE_HINT) -> StringField:
    return StringField(_l("Code"), filters=[strip], description=description,
                       validators=[InputRequired(_l("Type the code.")), Length(max=40)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "text", "spellcheck": "false",
                                  "autocapitalize": "none"})


class CodeForm(FlaskForm):
    code = _code_field()


class SetupForm(FlaskForm):
    code = _code_field(_l("The 6 digits your app shows for wijkhulp now."))


class DisableForm(FlaskForm):
    password = PasswordField(_l("Your password"), validators=[InputRequired(_l("Enter your password."))],
                             render_kw={"autocomplete": "current-password"})
    code = _code_field()
