"""Forms of the ideas auction: rounds, ideas with their needs, pledges, decisions and the follow-up."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateTimeLocalField, FieldList, Form, FormField, IntegerField, RadioField,
                     SelectField, SelectMultipleField, StringField, TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget, TextInput

from wijkhulp.database import LOCAL_TZ
from wijkhulp.forms import strip
from wijkhulp.kindness import KindnessFormMixin
from wijkhulp.ideas.models import (ALLOWED_UNITS, MAX_QUANTITY, GUEST_NAME_MAX_LENGTH, MAX_NEEDS, NAME_MAX_LENGTH, NEED_DESCRIPTION_MAX_LENGTH,
                                   NEED_TYPE_LABELS, PLEDGE_TEXT_MAX_LENGTH, REALISED_LABELS, SHORT_TEXT_MAX_LENGTH,
                                   TABLE_NAME_MAX_LENGTH, TEXT_MAX_LENGTH, TITLE_MAX_LENGTH, UNIT_LABELS, NeedInput,
                                   NeedType, Unit, format_amount)
from wijkhulp.text import EXAMPLE_DATE_TIME

AT_MOST = _l("Use at most %(max)d characters.")
START_NEED_ROWS = 3
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M", "%d-%m-%Y %H.%M"]


# ---------------------------------------------------------------- fields that read what people type

class WholeNumberField(IntegerField):
    """'20', ' 20 ', '1.000' (Dutch thousands), '-5' -> int; in euros also '€ 150', '150,00' and '150,-'. Anything
    else, and cents, get a plain message. Set `unit` (a Unit) for the messages; `check_bounds` says what is too
    little or too much, so every problem of a form shows at once."""

    widget = TextInput()
    unit: Unit | None = None

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist:
            return
        raw = re.sub(r"[\s\u00a0]", "", str(valuelist[0]))
        if self.unit == Unit.EURO:
            raw = re.sub(r"(?i)^(€|eur(o)?)|(€|eur(o)?)$", "", raw)
            raw = re.sub(r"[.,](-{1,2}|0{1,2})$", "", raw)
        if not raw:
            self.data = None
            return
        sign = -1 if raw.startswith(("-", "\u2212")) else 1
        digits = raw.lstrip("-\u2212")
        if re.fullmatch(r"\d{1,3}(\.\d{3})+", digits):
            digits = digits.replace(".", "")
        if not re.fullmatch(r"\d{1,9}", digits):
            self.data = None
            if self.unit == Unit.EURO and re.fullmatch(r"\d{1,9}[.,]\d{1,2}", digits):
                raise ValueError(_("Enter whole euros, without cents, for example 150."))
            if self.unit == Unit.EURO:
                raise ValueError(_("Enter an amount in whole euros, for example 150."))
            raise ValueError(_("Enter a whole number, for example 20."))
        self.data = sign * int(digits)

    def set_unit(self, unit: Unit | str | None) -> None:
        """Read what was typed again, now in this unit (the form learns the unit after it has read the input)."""
        self.unit = Unit(unit) if unit else None
        if not self.raw_data:
            return
        self.process_errors = []
        try:
            self.process_formdata(self.raw_data)
        except ValueError as exc:
            self.process_errors.append(exc.args[0])

    def check_bounds(self, maximum: int | None, *, too_much: Any = None) -> None:
        """Add an error when the number is below 1 or above `maximum` (in the field's unit)."""
        if self.data is None or self.errors:
            return
        if self.data < 1:
            self.errors.append(at_least_one(self.unit))
        elif maximum is not None and self.data > maximum:
            amount = format_amount(maximum, self.unit or Unit.PIECES)
            self.errors.append(too_much % {"max": amount} if too_much else _("Enter at most %(max)s.", max=amount))


def at_least_one(unit: Unit | str | None) -> str:
    """The message for 0 or a negative amount, in the unit of the need."""
    if unit == Unit.EURO:
        return _("Enter an amount of at least € 1.")
    if unit == Unit.HOURS:
        return _("Enter at least 1 hour.")
    if unit == Unit.PIECES:
        return _("Enter at least 1 piece.")
    return _("Enter a number of at least 1.")


def parse_euros(raw: str) -> int | None:
    """'150', '150,50', '€ 1.250,00', '12.50' -> cents; '' -> None; raises ValueError otherwise."""
    text = raw.replace("€", "").replace(" ", "").replace("\u00a0", "")
    if not text:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")
    if not re.fullmatch(r"\d{1,9}(\.\d{1,2})?", text):
        raise ValueError(text)
    try:
        return int(Decimal(text) * 100)
    except InvalidOperation:
        raise ValueError(text) from None


class EuroField(StringField):
    """An amount in euros as people type it; `cents` holds the value (None when empty)."""

    cents: int | None = None

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist)
        try:
            self.cents = parse_euros(self.data or "")
        except ValueError:
            self.cents = None
            raise ValueError(_("Enter an amount in euros, for example 150 or 150,50.")) from None


class LocalDateTimeField(DateTimeLocalField):
    """Date and time as people in the Netherlands mean it (Europe/Amsterdam); `utc` gives the stored moment."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("format", DATETIME_FORMATS)
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_("Enter a date and a time, for example %(example)s.", example=EXAMPLE_DATE_TIME)) from None

    def utc(self) -> datetime | None:
        if self.data is None:
            return None
        return self.data.replace(tzinfo=LOCAL_TZ).astimezone(UTC)

    def set_utc(self, moment: datetime) -> None:
        self.data = moment.astimezone(LOCAL_TZ).replace(tzinfo=None)


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


# ---------------------------------------------------------------- rounds

class RoundForm(FlaskForm):
    name = StringField(_l("Name of the round"), filters=[strip],
                       description=_l("For example: Ideeënveiling Maarssen 2025."),
                       validators=[InputRequired(_l("Enter a name for the round.")),
                                   Length(max=NAME_MAX_LENGTH, message=AT_MOST)])
    description = TextAreaField(_l("Description"), filters=[strip],
                                description=_l("What is this round about? Residents read this first."),
                                validators=[Optional(), Length(max=TEXT_MAX_LENGTH, message=AT_MOST)],
                                render_kw={"rows": 5})
    neighbourhoods = MultiCheckboxField(_l("Neighbourhoods"), coerce=int,
                                        description=_l("Residents submit ideas for one of these neighbourhoods."))
    opens_at = LocalDateTimeField(_l("Opens on"), description=_l("From this moment residents can submit ideas."),
                                  validators=[InputRequired(_l("Enter when the round opens."))])
    closes_at = LocalDateTimeField(_l("Closes on"), description=_l(
        "Until this moment partners can pledge. Often the end of the auction evening."),
        validators=[InputRequired(_l("Enter when the round closes."))])
    requires_approval = BooleanField(_l("A community manager approves ideas before they become public"))

    def set_neighbourhoods(self, neighbourhoods: list[Any]) -> None:
        self.neighbourhoods.choices = [SelectChoice(n.id, n.name) for n in neighbourhoods]


# ---------------------------------------------------------------- ideas and needs

class NeedForm(Form):
    """One row: what the idea needs. An empty row is skipped."""

    type = SelectField(_l("Kind of help"), choices=[SelectChoice("", _l("Choose…"))] + [
        SelectChoice(kind.value, label) for kind, label in NEED_TYPE_LABELS.items()], validators=[Optional()])
    description = StringField(_l("What exactly?"), filters=[strip],
                              description=_l("For example: paint for the benches, or someone with a van."),
                              validators=[Optional(), Length(max=NEED_DESCRIPTION_MAX_LENGTH, message=AT_MOST)])
    quantity = WholeNumberField(_l("How much?"), validators=[Optional()], render_kw={"inputmode": "numeric"})
    unit = SelectField(_l("Unit"), choices=[SelectChoice("", _l("Choose…"))] + [
        SelectChoice(unit.value, label) for unit, label in UNIT_LABELS.items()], validators=[Optional()],
        description=_l("Money is always in euros and time in hours; you may leave this empty for those."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for part in self:  # every part of a row that is used is needed; the legend says which rows are optional
            part.flags.required = True
        self.unit.flags.required = False
        implied = self.implied_unit()
        if implied is not None and not self.unit.data:
            self.unit.data = implied.value
        self.quantity.set_unit(self.unit.data if self.unit.data in set(Unit) else implied)

    def implied_unit(self) -> Unit | None:
        """The one unit a kind of help has (money: euro, time: hours); None when there is a choice."""
        try:
            allowed = ALLOWED_UNITS[NeedType(self.type.data)]
        except ValueError:
            return None
        return allowed[0] if len(allowed) == 1 else None

    def is_blank(self) -> bool:
        typed = bool(self.quantity.raw_data and str(self.quantity.raw_data[0]).strip())
        return not (self.type.data or (self.description.data or "").strip() or typed)

    def validate(self, extra_validators: Any = None) -> bool:
        """A row that is filled in needs every part (a courtesy: the service checks the rules again)."""
        ok = super().validate(extra_validators)
        if self.is_blank():
            return ok
        if not self.type.data:
            self.type.errors.append(_("Choose what kind of help this is."))
        if not (self.description.data or "").strip():
            self.description.errors.append(_("Describe in a few words what is needed."))
        if self.quantity.data is None and not self.quantity.errors:
            self.quantity.errors.append(_("Enter how much is needed, as a whole number."))
        if not self.unit.data:
            self.unit.errors.append(_("Choose a unit: euro, hours or pieces."))
        elif self.type.data in set(NeedType) and Unit(self.unit.data) not in ALLOWED_UNITS[NeedType(self.type.data)]:
            kind = NeedType(self.type.data)
            self.unit.errors.append(_("%(kind)s: choose %(units)s as the unit.", kind=NEED_TYPE_LABELS[kind],
                                      units=" / ".join(str(UNIT_LABELS[u]) for u in ALLOWED_UNITS[kind])))
        else:
            self.quantity.check_bounds(MAX_QUANTITY[Unit(self.unit.data)])
        return ok and not self.errors


class IdeaForm(KindnessFormMixin, FlaskForm):
    title = StringField(_l("Title of your idea"), filters=[strip],
                        description=_l("Short and clear, for example: A vegetable garden behind the community centre."),
                        validators=[InputRequired(_l("Give your idea a short title.")),
                                    Length(max=TITLE_MAX_LENGTH, message=AT_MOST)])
    description = TextAreaField(_l("Your idea"), filters=[strip],
                                description=_l("What do you want to do, for whom, and why is it good for the "
                                               "neighbourhood?"),
                                validators=[InputRequired(_l("Describe your idea.")),
                                            Length(max=TEXT_MAX_LENGTH, message=AT_MOST)], render_kw={"rows": 6})
    own_contribution = TextAreaField(_l("What do you do yourself?"), filters=[strip],
                                     description=_l("This is the most important question of the ideas auction. For "
                                                    "example: I organise the work days and ask the neighbours."),
                                     validators=[InputRequired(_l("Tell what you do yourself for this idea.")),
                                                 Length(max=SHORT_TEXT_MAX_LENGTH, message=AT_MOST)],
                                     render_kw={"rows": 4})
    offer_in_return = TextAreaField(_l("What do you offer partners in return?"), filters=[strip],
                                    description=_l("For example: their name on the poster, or coffee and cake."),
                                    validators=[Optional(), Length(max=SHORT_TEXT_MAX_LENGTH, message=AT_MOST)],
                                    render_kw={"rows": 3})
    neighbourhood_id = RadioField(_l("For which neighbourhood?"), coerce=int,
                                  validators=[InputRequired(_l("Choose the neighbourhood the idea is for."))])
    entered_for = StringField(_l("Entered on behalf of a neighbourhood table (wijktafel)"), filters=[strip],
                              description=_l("Only for community managers: the name of the neighbourhood table whose "
                                             "idea this is. Leave empty for your own idea."),
                              validators=[Optional(), Length(max=TABLE_NAME_MAX_LENGTH, message=AT_MOST)])
    needs = FieldList(FormField(NeedForm), min_entries=START_NEED_ROWS, max_entries=MAX_NEEDS)

    def set_neighbourhoods(self, neighbourhoods: list[Any]) -> None:
        self.neighbourhood_id.choices = [SelectChoice(n.id, n.name) for n in neighbourhoods]
        if len(neighbourhoods) == 1 and self.neighbourhood_id.data is None:
            self.neighbourhood_id.data = neighbourhoods[0].id

    def add_need_row(self) -> bool:
        if len(self.needs.entries) >= MAX_NEEDS:
            return False
        self.needs.append_entry()
        return True

    needs_error: Any = None

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        if not self.need_rows():
            self.set_needs_error(_("Add at least one thing the idea needs: money, time, materials, space or "
                                   "know-how."))
            return False
        return ok

    def set_needs_error(self, message: Any) -> None:
        """An error about the needs as a whole: shown above the rows and in the summary."""
        self.needs_error = message
        self.form_errors.append(message)

    def need_rows(self) -> list[tuple[int, NeedInput]]:
        """(row index in the form, need) for every row that is filled in."""
        return [(index, NeedInput(type=row.form.type.data or "", description=row.form.description.data or "",
                                  quantity=row.form.quantity.data, unit=row.form.unit.data or ""))
                for index, row in enumerate(self.needs.entries) if not row.form.is_blank()]

    def fill_needs(self, needs: list[Any]) -> None:
        while len(self.needs.entries) > 0:
            self.needs.pop_entry()
        for need in needs:
            self.needs.append_entry({"type": need.type.value, "description": need.description,
                                     "quantity": need.quantity, "unit": need.unit.value})
        while len(self.needs.entries) < max(START_NEED_ROWS, len(needs) + 1) and len(self.needs.entries) < MAX_NEEDS:
            self.needs.append_entry()


class ReviewForm(FlaskForm):
    decision = RadioField(_l("Your decision"), choices=[
        SelectChoice("approve", _l("Approve: the idea becomes public")),
        SelectChoice("reject", _l("Do not approve: the author can change the idea and send it again"))],
        validators=[InputRequired(_l("Choose approve or do not approve."))])
    reason = TextAreaField(_l("Reason (if you do not approve)"), filters=[strip],
                           description=_l("The author reads this. Tell what they can change."),
                           validators=[Optional(), Length(max=SHORT_TEXT_MAX_LENGTH, message=AT_MOST)],
                           render_kw={"rows": 3})


# ---------------------------------------------------------------- pledges

RESIDENT = "me"
IDEA_TEXT_FIELDS = ("title", "description", "own_contribution", "offer_in_return")
PLEDGE_TEXT_FIELDS = ("description", "conditions")


class PledgeAmountMixin:
    """The amount of a pledge is checked against its need in the form, so it shows with the other errors."""

    amount: WholeNumberField
    maximum: int | None = None

    def set_need(self, need: Any) -> None:
        self.maximum = need.quantity
        self.amount.set_unit(need.unit)

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)  # type: ignore[misc]
        self.amount.check_bounds(self.maximum, too_much=_("Enter at most %(max)s: that is what this idea needs."))
        return ok and not self.amount.errors


class PledgeForm(PledgeAmountMixin, KindnessFormMixin, FlaskForm):
    partner = RadioField(_l("Who makes this pledge?"), default=RESIDENT,
                         validators=[InputRequired(_l("Choose who makes the pledge."))])
    amount = WholeNumberField(_l("How much do you pledge?"), render_kw={"inputmode": "numeric"},
                              validators=[InputRequired(_l("Enter how much you pledge."))])
    description = TextAreaField(_l("What do you offer exactly?"), filters=[strip],
                                description=_l("For example: two volunteers on Saturday morning."),
                                validators=[Optional(), Length(max=PLEDGE_TEXT_MAX_LENGTH, message=AT_MOST)],
                                render_kw={"rows": 3})
    estimated_value = EuroField(_l("Estimated value in euros"), filters=[strip],
                                description=_l("What is your pledge worth, roughly? This helps to show what the "
                                               "ideas auction brings to the neighbourhood."),
                                validators=[Optional()], render_kw={"inputmode": "decimal"})
    conditions = TextAreaField(_l("Conditions"), filters=[strip],
                               description=_l("For example: only in the evening, or only if the municipality gives a "
                                              "permit."),
                               validators=[Optional(), Length(max=PLEDGE_TEXT_MAX_LENGTH, message=AT_MOST)],
                               render_kw={"rows": 2})

    def set_partners(self, organisations: list[Any], *, as_resident: bool = True) -> None:
        """The resident themself (not on their own idea) and every checked organisation they are a member of."""
        resident = [SelectChoice(RESIDENT, _l("Me, as a resident"))] if as_resident else []
        self.partner.choices = resident + [
            SelectChoice(f"o:{o.id}", _l("%(name)s (I am a member)", name=o.name)) for o in organisations]
        if self.partner.choices and self.partner.data not in {c.value for c in self.partner.choices}:
            if not self.is_submitted():
                self.partner.data = self.partner.choices[0].value

    def organisation_id(self) -> int | None:
        value = self.partner.data or RESIDENT
        return int(value[2:]) if value.startswith("o:") and value[2:].isdigit() else None


class PledgeEditForm(PledgeAmountMixin, KindnessFormMixin, FlaskForm):
    amount = PledgeForm.amount
    description = PledgeForm.description
    estimated_value = PledgeForm.estimated_value
    conditions = PledgeForm.conditions


class RecordPledgeForm(PledgeAmountMixin, FlaskForm):
    need_id = RadioField(_l("For which need?"), coerce=int,
                         validators=[InputRequired(_l("Choose the need the pledge is for."))])
    partner_kind = RadioField(_l("Who pledges?"), default="organisation", choices=[
        SelectChoice("organisation", _l("A checked organisation")),
        SelectChoice("resident", _l("A resident with an account")),
        SelectChoice("guest", _l("Someone else (a guest without an account)"))],
        validators=[InputRequired(_l("Choose who pledges."))])
    organisation_id = SelectField(_l("Organisation"), coerce=int, validators=[Optional()],
                                  description=_l("Only if an organisation pledges."))
    resident_email = StringField(_l("E-mail address of the resident"), filters=[strip],
                                 description=_l("Only if a resident with an account pledges."),
                                 validators=[Optional(), Length(max=254, message=AT_MOST)],
                                 render_kw={"autocomplete": "off", "inputmode": "email"})
    guest_name = StringField(_l("Name of the guest"), filters=[strip],
                             description=_l("Only for someone without an account, for example: Bakkerij De Vecht."),
                             validators=[Optional(), Length(max=GUEST_NAME_MAX_LENGTH, message=AT_MOST)])
    amount = PledgeForm.amount
    description = PledgeForm.description
    estimated_value = PledgeForm.estimated_value
    conditions = PledgeForm.conditions

    def set_choices(self, needs: list[Any], organisations: list[Any]) -> None:
        self.need_id.choices = [SelectChoice(n.id, _("%(kind)s: %(what)s (needed: %(amount)s)", kind=n.type_label,
                                                     what=n.description, amount=format_amount(n.quantity, n.unit)))
                                for n in needs]
        self.organisation_id.choices = [SelectChoice(0, _l("Choose…"))] + [
            SelectChoice(o.id, o.name) for o in organisations]
        if len(needs) == 1 and self.need_id.data is None:
            self.need_id.data = needs[0].id
        chosen = next((n for n in needs if n.id == self.need_id.data), None)
        if chosen is not None:
            self.set_need(chosen)

    def partner(self) -> dict[str, Any]:
        kind = self.partner_kind.data
        return {"organisation_id": (self.organisation_id.data or None) if kind == "organisation" else None,
                "resident_email": self.resident_email.data if kind == "resident" else None,
                "guest_name": self.guest_name.data if kind == "guest" else None}


class DecisionForm(FlaskForm):
    decision = StringField(validators=[InputRequired(), AnyOf(["accept", "decline"])])


class FollowUpForm(FlaskForm):
    realised = RadioField(_l("Was the idea carried out?"),
                          choices=[SelectChoice(value.value, label) for value, label in REALISED_LABELS.items()],
                          validators=[InputRequired(_l("Choose yes, partly or no."))])
    note = TextAreaField(_l("Tell a little more"), filters=[strip],
                         description=_l("What went well, what did the partners do? Everyone can read this."),
                         validators=[Optional(), Length(max=SHORT_TEXT_MAX_LENGTH, message=AT_MOST)],
                         render_kw={"rows": 4})
