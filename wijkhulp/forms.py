"""Shared form helpers: show a service refusal on a form or page, the Dutch postcode validator."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, Field, Form
from wtforms.validators import ValidationError

from wijkhulp.errors import DomainError, NotAllowed, NotFound
from wijkhulp.geo.postcodes import normalise_postcode


def attach_error(form: FlaskForm, exc: DomainError) -> None:
    """Show a service refusal next to its field, or above the form when it names none."""
    field = getattr(form, exc.field, None) if exc.field else None
    if isinstance(field, Field):
        field.errors = [*field.errors, exc.message] if isinstance(field.errors, list) else [exc.message]
    else:
        form.form_errors.append(exc.message)


def page_refusal(exc: DomainError) -> Any:
    """The message a page shows (as a flash or its `error` notice) for a refusal by a service.

    NotFound and NotAllowed are not shown on the page: they are raised again, so errors.py renders its 404 or
    403 page. The one place that decides which refusals leave the page; views call this in `except DomainError`.
    """
    if isinstance(exc, (NotFound, NotAllowed)):
        raise exc
    return exc.message


def attach_refusal(form: FlaskForm, exc: DomainError,
                   attach: Callable[[FlaskForm, DomainError], None] = attach_error) -> None:
    """A refusal by a service on a form page: NotFound and NotAllowed go on to the error pages (page_refusal);
    any other is attached to the form by `attach` (next to exc.field, else above the form), and the view renders
    the form again with 422."""
    page_refusal(exc)
    attach(form, exc)


def form_has_errors(form: FlaskForm) -> bool:
    return bool(form.errors) or bool(form.form_errors)


class DutchPostcode:
    """Accepts '3511ab', '3511 AB', ' 3511 ab ' and leaves '3511 AB' in the field."""

    message = _l("Enter a Dutch postcode: four digits and two letters, for example 3511 AB.")

    def __call__(self, form: Form, field: Field) -> None:
        value = normalise_postcode(field.data or "")
        if value is None:
            raise ValidationError(self.message)
        field.data = value


class BoundedDateField(DateField):
    """A date field (2025-05-14) that refuses dates no filter or plan needs, such as 9999-12-31: a period ending
    there cannot even be extended by one day."""

    earliest = date(2000, 1, 1)
    latest = date(2099, 12, 31)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # a date picker sends 2025-05-14; typed, people write 14-05-2025 (the format the hints show)
        kwargs.setdefault("format", ["%Y-%m-%d", "%d-%m-%Y"])
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist)
        if isinstance(self.data, date) and not self.earliest <= self.data <= self.latest:
            self.data = None
            raise ValueError(_l("Choose a date between %(earliest)s and %(latest)s.",
                                earliest=self.earliest.year, latest=self.latest.year))


class Strip:
    """A filter that trims surrounding white space from text input."""

    def __call__(self, value: Any) -> Any:
        return value.strip() if isinstance(value, str) else value


strip = Strip()
