"""Marketplace forms. They parse what was typed; the rules (lengths, categories, areas, radii) live in services,
so a tampered form gets the same clear refusal as a mistyped one."""

from __future__ import annotations

import re
import secrets
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional, ValidationError

from wijkhulp.forms import strip
from wijkhulp.kindness import KindnessFormMixin
from wijkhulp.marketplace.matching import RADII
from wijkhulp.marketplace.models import (CATEGORY_NAME_MAX, DESCRIPTION_MAX, MESSAGE_MAX, PART_OF_DAY_LABELS,
                                         RECURRENCE_LABELS, THANKS_MAX, TITLE_MAX, URGENCY_LABELS, ListingKind,
                                         PartOfDay, Recurrence, TimingKind, Urgency)
from wijkhulp.text import EXAMPLE_DATE


def new_form_token() -> str:
    """A one-time token in a hidden field: the same form sent twice is stored once."""
    return secrets.token_urlsafe(16)


class DateTextField(StringField):
    """A date as <input type="date"> sends it (2025-05-14), or typed the Dutch way (14-05-2025, 14/5/2025)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("render_kw", {"type": "date"})
        super().__init__(*args, **kwargs)
        self.parse_failed = False

    def process_formdata(self, valuelist: list[Any]) -> None:
        raw = (valuelist[0] if valuelist else "") or ""
        raw = raw.strip()
        self.raw_text = raw
        self.parse_failed = False
        if not raw:
            self.data = None
            return
        self.data = parse_date(raw)
        self.parse_failed = self.data is None

    def pre_validate(self, form: Any) -> None:
        if self.parse_failed:
            raise ValidationError(_l("Enter the date like this: %(example)s.", example=EXAMPLE_DATE))

    def _value(self) -> str:
        if isinstance(self.data, date):
            return self.data.isoformat()
        return getattr(self, "raw_text", "") or ""


def parse_date(raw: str) -> date | None:
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", raw)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = re.fullmatch(r"(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})", raw)
        if not match:
            return None
        day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


KIND_CHOICES = [SelectChoice(ListingKind.REQUEST.value, _l("I am looking for help")),
                SelectChoice(ListingKind.OFFER.value, _l("I offer help"))]
RADIUS_CHOICES = [SelectChoice(str(r), _l("%(km)s km", km=r)) for r in RADII]
TIMING_CHOICES = [SelectChoice(TimingKind.DATE.value, _l("On a certain date")),
                  SelectChoice(TimingKind.RECURRING.value, _l("Regularly, for example every week")),
                  SelectChoice(TimingKind.FLEXIBLE.value, _l("Flexible: we will agree on a moment"))]
PART_OF_DAY_CHOICES = [SelectChoice(p.value, PART_OF_DAY_LABELS[p]) for p in PartOfDay]
RECURRENCE_CHOICES = [SelectChoice("", _l("Choose how often")),
                      *(SelectChoice(r.value, RECURRENCE_LABELS[r]) for r in Recurrence)]
URGENCY_CHOICES = [SelectChoice(u.value, URGENCY_LABELS[u]) for u in (Urgency.LOW, Urgency.NORMAL, Urgency.HIGH)]


def category_choices(categories: list[Any], *, blank: Any) -> list[SelectChoice]:
    return [SelectChoice("", blank), *(SelectChoice(str(c.id), c.label) for c in categories)]


# What the kindness nudge reads (everything others can read).
LISTING_TEXT_FIELDS = ("title", "description", "timing_note")


def organisation_choices(organisations: list[Any], *, me: Any) -> list[SelectChoice]:
    """'Myself (Anna)' first, then the organisations the person may act for."""
    return [SelectChoice("", _l("Myself (%(name)s)", name=me)),
            *(SelectChoice(str(o.id), o.name) for o in organisations)]


class ListingForm(KindnessFormMixin, FlaskForm):
    form_token = HiddenField()
    organisation_id = SelectField(_l("Post as"), choices=[], validate_choice=False, validators=[Optional()],
                                  description=_l("You are a member of an organisation. You can post this in its "
                                                 "name. Neighbours then see the organisation instead of your "
                                                 "name."))
    kind = RadioField(_l("What do you want to do?"), choices=KIND_CHOICES, validate_choice=False,
                      validators=[InputRequired(_l("Choose whether you ask for help or offer help."))])
    category_id = SelectField(_l("What kind of help?"), choices=[], validate_choice=False,
                              validators=[InputRequired(_l("Choose one of the kinds of help from the list."))])
    title = StringField(_l("Title"), filters=[strip],
                        validators=[InputRequired(_l("Write a short title."))],
                        description=_l("In a few words, for example: “Help with groceries on Tuesday”. "
                                       "At most %(n)s characters.", n=TITLE_MAX),
                        render_kw={"maxlength": TITLE_MAX + 20, "autocomplete": "off"})
    description = TextAreaField(_l("Describe what it is about"), filters=[strip],
                                validators=[InputRequired(_l("Describe in a few sentences what it is about."))],
                                description=_l("What is needed or what can you do? Everybody can read this text: "
                                               "do not write your address or phone number here, and no medical "
                                               "details (“a ride to the hospital” is enough). At most %(n)s "
                                               "characters.", n=DESCRIPTION_MAX),
                                render_kw={"rows": 6})
    pc4 = StringField(_l("Postcode area"), filters=[strip],
                      validators=[InputRequired(_l("Enter the four digits of the postcode, for example 3601."))],
                      description=_l("The four digits of the postcode where the help is needed or offered. "
                                     "Neighbours see only these four digits and the place."),
                      render_kw={"inputmode": "numeric", "autocomplete": "postal-code"})
    radius_km = RadioField(_l("Distance"), choices=RADIUS_CHOICES, validate_choice=False, default="5",
                           validators=[InputRequired(_l("Choose a distance from the list: 1, 2, 5, 10 or 25 km."))],
                           description=_l("For a request: how far away may the helper live? For an offer: how "
                                          "far will you go?"))
    timing = RadioField(_l("When?"), choices=TIMING_CHOICES, validate_choice=False, default=TimingKind.FLEXIBLE.value,
                        validators=[InputRequired(_l("Choose when: on a date, regularly, or flexible."))])
    timing_date = DateTextField(_l("Date"), validators=[Optional()],
                                description=_l("Only if you chose “on a certain date”. For example 14-05-2025."))
    part_of_day = SelectField(_l("Part of the day"), choices=PART_OF_DAY_CHOICES, validate_choice=False,
                              default=PartOfDay.ANY.value, validators=[Optional()],
                              description=_l("Only if you chose “on a certain date”."))
    recurrence = SelectField(_l("How often?"), choices=RECURRENCE_CHOICES, validate_choice=False,
                             validators=[Optional()], description=_l("Only if you chose “regularly”."))
    timing_note = StringField(_l("Anything else about the time"), filters=[strip], validators=[Optional()],
                              description=_l("For example: “on Tuesday mornings” or “not on Sundays”."))
    urgency = RadioField(_l("How urgent is it?"), choices=URGENCY_CHOICES, validate_choice=False,
                         default=Urgency.NORMAL.value,
                         validators=[InputRequired(_l("Choose how urgent it is."))])
    on_behalf = BooleanField(_l("I ask this for someone else (for example my mother, or a neighbour)"))
    on_behalf_name = StringField(_l("First name of that person"), filters=[strip], validators=[Optional()],
                                 description=_l("Only the first name. Signed-in neighbours can see it."))
    on_behalf_consent = BooleanField(_l("This person knows about this request and agrees with it"))
    assisted = BooleanField(_l("I post this for a resident who phoned or came by. I handle the contact."))
    assisted_note = TextAreaField(_l("Note for community managers"), filters=[strip], validators=[Optional()],
                                  description=_l("How can we reach the resident? Only community managers see this."),
                                  render_kw={"rows": 3})


class SearchForm(FlaskForm):
    """The filters above the list: GET parameters, no CSRF token."""

    class Meta:
        csrf = False

    kind = SelectField(_l("Requests or offers"), validate_choice=False, validators=[Optional()],
                       choices=[SelectChoice("", _l("Both")),
                                SelectChoice(ListingKind.REQUEST.value, _l("Requests for help")),
                                SelectChoice(ListingKind.OFFER.value, _l("Offers of help"))])
    category = SelectField(_l("Kind of help"), choices=[], validate_choice=False, validators=[Optional()])
    near = StringField(_l("Near postcode or place"), filters=[strip], validators=[Optional()],
                       description=_l("For example 3601 or Breukelen."),
                       render_kw={"autocomplete": "postal-code"})
    km = SelectField(_l("Within"), choices=RADIUS_CHOICES, validate_choice=False, default="10",
                     validators=[Optional()])
    q = StringField(_l("Words"), filters=[strip], validators=[Optional()],
                    description=_l("For example: shopping, garden, computer."))


class ResponseForm(KindnessFormMixin, FlaskForm):
    message = TextAreaField(_l("Your message"), filters=[strip],
                            validators=[InputRequired(_l("Write a short message."))],
                            description=_l("Say who you are and how you can help, or what you need. Do not write "
                                           "your address yet. At most %(n)s characters.", n=MESSAGE_MAX),
                            render_kw={"rows": 5})


class MessageForm(KindnessFormMixin, FlaskForm):
    form_token = HiddenField()
    body = TextAreaField(_l("Your message"), filters=[strip],
                         validators=[InputRequired(_l("Write a message."))],
                         description=_l("At most %(n)s characters.", n=MESSAGE_MAX), render_kw={"rows": 4})


class ContactForm(FlaskForm):
    share_email = BooleanField(_l("Show my e-mail address to this person"))
    share_phone = BooleanField(_l("Show my phone number to this person"))


class CompleteForm(FlaskForm):
    hours = StringField(_l("How many hours did it take?"), filters=[strip], validators=[Optional()],
                        description=_l("For example 1 or 1,5. This counts on the helper's profile."),
                        render_kw={"inputmode": "decimal"})
    thanks = TextAreaField(_l("Thank-you note"), filters=[strip], validators=[Optional()],
                           description=_l("A few words for your helper. At most %(n)s characters.", n=THANKS_MAX),
                           render_kw={"rows": 4})
    thanks_public = BooleanField(_l("The helper may show this note on their profile"))


class CategoryForm(FlaskForm):
    name = StringField(_l("Name (in Dutch)"), filters=[strip],
                       validators=[InputRequired(_l("Enter a name."))],
                       description=_l("At most %(n)s characters.", n=CATEGORY_NAME_MAX))
