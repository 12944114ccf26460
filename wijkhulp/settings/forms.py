"""The settings form, built from the registry: one field of the right type per setting."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from flask_babel import gettext as _
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, Field, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import NumberInput

from wijkhulp.forms import strip
from wijkhulp.registry.settings import SettingSpec


def display_value(spec: SettingSpec, value: Any) -> str:
    """A value as a person reads it: yes/no, or the text itself."""
    if spec.kind == "bool":
        return _("Yes") if value else _("No")
    if spec.kind == "choice":
        return next((str(label) for key, label in spec.choices if key == value), str(value))
    return str(value)


def _description(spec: SettingSpec) -> str:
    default = display_value(spec, spec.default)
    if default == "":
        sentence = _("Default: empty.")
    else:
        sentence = _("Default: %(value)s.", value=default)
    return " ".join(part for part in (str(spec.help or ""), sentence) if part)


class _Needed:
    """Marks a field as not optional (no "(optional)" beside it) without checking it: the service checks."""

    field_flags = {"required": True}

    def __call__(self, form: FlaskForm, field: Field) -> None:
        return None


def _field(spec: SettingSpec) -> Field:
    """Validation is the service's job (all fields at once), so the fields only carry the raw text."""
    label, description = spec.label, _description(spec)
    if spec.kind == "int":
        return StringField(label, description=description, filters=[strip], validators=[_Needed()],
                           widget=NumberInput(step=1, min=spec.minimum, max=spec.maximum),
                           render_kw={"inputmode": "numeric"})
    if spec.kind == "bool":
        return BooleanField(label, description=description)
    if spec.kind == "email":
        return EmailField(label, description=description, filters=[strip],
                          render_kw={"autocomplete": "email", "maxlength": spec.max_length})
    if spec.kind == "pc4list":
        return TextAreaField(label, description=description, filters=[strip], render_kw={"rows": 3})
    if spec.kind == "text":
        return TextAreaField(label, description=description, filters=[strip],
                             render_kw={"rows": 5, "maxlength": spec.max_length})
    if spec.kind == "choice":
        return SelectField(label, description=description, choices=[SelectChoice(k, str(v)) for k, v in spec.choices],
                           validators=[_Needed()])
    if spec.kind == "date":
        return StringField(label, description=description, filters=[strip],
                           render_kw={"maxlength": 10, "inputmode": "numeric"})
    return StringField(label, description=description, filters=[strip], render_kw={"maxlength": spec.max_length})


def settings_form(values: list[tuple[SettingSpec, Any, bool]]) -> FlaskForm:
    """A form with the current values; on a POST the submitted values take their place."""
    fields = {spec.key: _field(spec) for spec, _value, _changed in values}
    form_class = type("SettingsForm", (FlaskForm,), fields)
    data = {spec.key: (value if spec.kind == "bool" else spec.dump(value)) for spec, value, _changed in values}
    return form_class(data=data)


def raw_values(form: FlaskForm, values: list[tuple[SettingSpec, Any, bool]]) -> dict[str, str]:
    """The submitted text per key, as the service expects it."""
    raw: dict[str, str] = {}
    for spec, _value, _changed in values:
        data = form[spec.key].data
        raw[spec.key] = ("true" if data else "false") if spec.kind == "bool" else (data or "")
    return raw


def grouped(values: list[tuple[SettingSpec, Any, bool]]) -> list[tuple[str, list[tuple[SettingSpec, bool]]]]:
    """[(group label, [(spec, changed), ...]), ...] in the registry's order."""
    return [(group, [(spec, changed) for spec, _value, changed in rows])
            for group, rows in groupby(values, key=lambda row: str(row[0].group))]
