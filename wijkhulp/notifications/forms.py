"""The e-mail preferences form: one radio group per registered event type."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice
from wtforms.validators import InputRequired

from wijkhulp.registry.events import MODES, EventType

MODE_LABELS: dict[str, Any] = {
    "immediate": _l("Immediately by e-mail"),
    "digest": _l("Once a day, in one e-mail with an overview"),
    "off": _l("No e-mail (you still see it on this site)"),
}

FIELD_PREFIX = "mode_"
CHOOSE_AN_OPTION = _l("Choose one of the options: immediately, once a day, or no e-mail.")


def field_name(event_key: str) -> str:
    return f"{FIELD_PREFIX}{event_key}"


class PreferencesForm(FlaskForm):
    """Built per request for the event types that are registered (see `preferences_form`)."""

    events: list[EventType]

    def modes(self) -> dict[str, str]:
        return {event.key: self[field_name(event.key)].data for event in self.events}


def preferences_form(events: list[EventType], current: Mapping[str, str]) -> PreferencesForm:
    """A form with one radio group per event, preset to the person's current choice."""

    class Form(PreferencesForm):
        pass

    for event in events:
        setattr(Form, field_name(event.key), RadioField(
            event.label,
            description=event.description or "",
            choices=[SelectChoice(mode, MODE_LABELS[mode]) for mode in MODES],
            default=current.get(event.key, event.default_mode),
            validators=[InputRequired(message=CHOOSE_AN_OPTION)],
            invalid_choice_message=CHOOSE_AN_OPTION,
        ))
    form = Form()
    form.events = list(events)
    return form
