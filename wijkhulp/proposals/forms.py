"""Forms for calls, plans, teams, reviews and reports; euro amounts as typed by people, times in Europe/Amsterdam."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from flask_babel import get_locale, ngettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, DateTimeLocalField, EmailField, Field, FieldList, Form, FormField,
                     IntegerField, RadioField, SelectChoice, SelectMultipleField, StringField, TextAreaField)
from wtforms.validators import InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from wijkhulp.database import LOCAL_TZ
from wijkhulp.errors import DomainError
from wijkhulp.forms import attach_error, strip
from wijkhulp.kindness import KindnessFormMixin
from wijkhulp.proposals.models import (CRITERION_MAX, ITEM_MAX, MAX_CRITERIA, MESSAGE_MAX, NOTE_MAX, SUMMARY_MAX,
                                       TEXT_MAX, TITLE_MAX, VERDICT_LABELS, Decision, Verdict)
from wijkhulp.proposals.services.workflow import REPORT_DUE_MONTHS, local_today, setting
from wijkhulp.text import EXAMPLE_DATE, EXAMPLE_DATE_TIME

TOO_LONG = _l("Use at most %(max)d characters.")
DATE_TIME_HINT = _l("Day and time, for example %(example)s.", example=EXAMPLE_DATE_TIME)

# ---------------------------------------------------------------- euro amounts

_AMOUNT = re.compile(r"(?P<whole>\d{1,3}(?:(?P<sep>[.,])\d{3})(?:(?P=sep)\d{3})*|\d+)"
                     r"(?:(?P<dec>[.,])(?P<cents>\d{1,2}))?")


def parse_euros(raw: str | None) -> int | None:
    """'1250', '1.250', '1250,50', '1.250,50', '€ 25,-' or '1,250.50' -> cents; None when it is no amount.

    A group of three digits after a point or comma is read as thousands ('1.250' is 1250 euro), one or two
    digits as cents ('12,5' is 12.50), as people in the Netherlands write amounts.
    """
    text = re.sub(r"\s|\u00a0|€|eur(o)?", "", (raw or "").strip().lower())
    text = re.sub(r"[.,]-{1,2}$", "", text)
    match = _AMOUNT.fullmatch(text)
    if not match or (match["sep"] and match["dec"] == match["sep"]):
        return None
    whole = int(re.sub(r"[.,]", "", match["whole"]))
    cents = int((match["cents"] or "0").ljust(2, "0"))
    return whole * 100 + cents


def format_euros(cents: int | None) -> str:
    """Cents as a person types them back: '1250' or '1250,50' (a point in English)."""
    if cents is None:
        return ""
    whole, rest = divmod(int(cents), 100)
    if not rest:
        return str(whole)
    locale = get_locale()
    mark = "." if locale is not None and locale.language == "en" else ","
    return f"{whole}{mark}{rest:02d}"


class EuroField(StringField):
    """An amount in euros; `data` is in cents (None when empty)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("render_kw", {}).update({"inputmode": "decimal", "autocomplete": "off"})
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or not str(valuelist[0]).strip():
            self.data = None
            return
        cents = parse_euros(str(valuelist[0]))
        if cents is None:
            self.data = None
            raise ValueError(_l("Enter an amount in euros, for example 250 or 1250.50; a comma also works."))
        self.data = cents

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return format_euros(self.data)


class MultiCheckboxField(SelectMultipleField):
    """Check boxes instead of a multiple select (easier to use, and fine without JavaScript)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _local_time(label: Any, **kwargs: Any) -> DateTimeLocalField:
    return DateTimeLocalField(label, tz=LOCAL_TZ, format=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S",
                                                          "%Y-%m-%d %H:%M:%S", "%d-%m-%Y %H:%M"],
                              invalid_value_message=_l("Enter a day and a time, for example %(example)s.", example=EXAMPLE_DATE_TIME),
                              description=DATE_TIME_HINT, **kwargs)


def attach_errors(form: FlaskForm, exc: DomainError) -> None:
    """Like wijkhulp.forms.attach_error; a budget problem (field "lines") is shown above the budget table."""
    if exc.field == "lines":
        form.budget_errors.append(exc.message)  # type: ignore[attr-defined]
        form.form_errors.append(exc.message)
        return
    attach_error(form, exc)


# ---------------------------------------------------------------- calls

class CallForm(FlaskForm):
    title = StringField(_l("Title of the call"), filters=[strip],
                        validators=[InputRequired(_l("Give the call a title.")),
                                    Length(max=TITLE_MAX, message=TOO_LONG)],
                        render_kw={"maxlength": TITLE_MAX})
    description = TextAreaField(_l("What kind of plans are you looking for?"), filters=[strip],
                                description=_l("The criteria in words. Residents read this before they start."),
                                validators=[Length(max=TEXT_MAX, message=TOO_LONG)], render_kw={"rows": 6})
    # validate_choice=False: the service checks the ids (unknown: 422; not the manager's own neighbourhood: 403)
    neighbourhood_ids = MultiCheckboxField(_l("Neighbourhoods"), coerce=int, validate_choice=False,
                                           description=_l("Plans must be for these neighbourhoods."))
    pot = EuroField(_l("Budget of the call (euros)"), description=_l("All the money this call can give out."),
                    validators=[InputRequired(_l("Fill in the budget of the call in euros, for example 10000."))])
    max_per_proposal = EuroField(_l("Highest amount per plan (euros)"), validators=[
        InputRequired(_l("Fill in the highest amount one plan can get, in euros."))])
    checklist = TextAreaField(_l("Checklist"), filters=[strip], render_kw={"rows": 6},
                              description=_l("One point per line (at most %(n)s). The assessors answer yes, partly or "
                                             "no for each point.", n=MAX_CRITERIA),
                              validators=[
                                  InputRequired(_l("Write at least one point for the checklist, one per line.")),
                                  Length(max=MAX_CRITERIA * (CRITERION_MAX + 2), message=TOO_LONG)])
    opens_at = _local_time(_l("Opens on"), validators=[InputRequired(_l("Fill in when the call opens."))])
    closes_at = _local_time(_l("Closes on"), validators=[InputRequired(_l("Fill in when the call closes."))])
    min_team_size = IntegerField(_l("Smallest team"), description=_l("At least 3 people, the lead included."),
                                 validators=[InputRequired(_l("Fill in the smallest team: 3 or more."))],
                                 render_kw={"inputmode": "numeric"})
    residence_required = BooleanField(_l("Team members must live in these neighbourhoods"))

    def set_neighbourhoods(self, choices: Iterable[tuple[int, str]]) -> None:
        self.neighbourhood_ids.choices = [SelectChoice(value, label) for value, label in choices]


class PanelMemberForm(FlaskForm):
    email = EmailField(_l("E-mail address of the resident"), filters=[strip],
                       description=_l("The person needs an account with a confirmed e-mail address."),
                       validators=[InputRequired(_l("Enter an e-mail address."))],
                       render_kw={"autocomplete": "off"})


# ---------------------------------------------------------------- plans

class BudgetLineForm(Form):
    item = StringField(_l("What is the money for?"), filters=[strip],
                       validators=[Length(max=ITEM_MAX, message=TOO_LONG)], render_kw={"maxlength": ITEM_MAX})
    amount = EuroField(_l("Amount (euros)"))

    def validate(self, extra_validators: Any = None) -> bool:
        """A line with only an item or only an amount says so here, with the other errors of the form (the service
        checks the budget again)."""
        ok = super().validate(extra_validators)
        item, amount = (self.item.data or "").strip(), self.amount.data
        if item and amount is None and not self.amount.errors:
            self.amount.errors.append(_l("Fill in an amount for this line."))
        elif amount is not None and not item:
            self.item.errors.append(_l("Say what this amount is for."))
        elif amount is not None and amount <= 0:
            self.amount.errors.append(_l("Every amount must be more than zero. Leave the line empty if it costs "
                                         "nothing."))
        return ok and not self.errors


PROPOSAL_TEXT_FIELDS = ("title", "summary", "contribution", "plan_execution", "plan_promotion", "plan_maintenance",
                        "own_contribution")  # what the kindness nudge reads (everyone can read these once sent)
REPORT_TEXT_FIELDS = ("report",)


class ProposalForm(KindnessFormMixin, FlaskForm):
    title = StringField(_l("Title of your plan"), filters=[strip],
                        validators=[InputRequired(_l("Give your plan a title. You can change it later.")),
                                    Length(max=TITLE_MAX, message=TOO_LONG)],
                        description=_l("Short and clear, for example “Benches on the village square”."),
                        render_kw={"maxlength": TITLE_MAX})
    summary = TextAreaField(_l("Summary"), filters=[strip], render_kw={"rows": 3},
                            description=_l("Your plan in a few sentences. Everyone can read this."),
                            validators=[Length(max=SUMMARY_MAX, message=TOO_LONG)])
    contribution = TextAreaField(_l("How does your plan help people in the neighbourhood live together pleasantly?"),
                                 filters=[strip], render_kw={"rows": 5},
                                 description=_l("Who benefits, and how do neighbours meet or help each other?"),
                                 validators=[Length(max=TEXT_MAX, message=TOO_LONG)])
    plan_execution = TextAreaField(_l("How will you carry out your plan?"), filters=[strip], render_kw={"rows": 5},
                                   description=_l("What will you do, and who does what?"),
                                   validators=[Length(max=TEXT_MAX, message=TOO_LONG)])
    plan_promotion = TextAreaField(_l("How will neighbours hear about it?"), filters=[strip], render_kw={"rows": 3},
                                   validators=[Length(max=TEXT_MAX, message=TOO_LONG)])
    plan_maintenance = TextAreaField(_l("Who looks after it later?"), filters=[strip], render_kw={"rows": 3},
                                     description=_l("For example: who waters the plants, who stores the tables."),
                                     validators=[Length(max=TEXT_MAX, message=TOO_LONG)])
    own_contribution = TextAreaField(_l("What do you do yourselves?"), filters=[strip], render_kw={"rows": 3},
                                     description=_l("Your own contribution in time or money."),
                                     validators=[Length(max=TEXT_MAX, message=TOO_LONG)])
    planned_end_on = DateField(_l("When will your plan be finished?"), validators=[Optional()],
                               format=["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"],
                               invalid_value_message=_l("Enter a date, for example %(example)s.", example=EXAMPLE_DATE))
    neighbourhood_id = RadioField(_l("For which neighbourhood is your plan?"), coerce=int, validate_choice=False,
                                  description=_l("One of the neighbourhoods of this call. We chose the one of your "
                                                 "postcode; change it if your plan is for another."))
    lines = FieldList(FormField(BudgetLineForm), min_entries=0, max_entries=40)

    def validate_planned_end_on(self, field: Field) -> None:
        if field.data is not None and field.data < local_today():
            raise ValidationError(_l("Choose a date in the future."))

    def set_neighbourhoods(self, neighbourhoods: Iterable[Any], default: int | None) -> None:
        """Only the call's neighbourhoods; the one that holds the lead's area is chosen until the team says."""
        self.neighbourhood_id.choices = [SelectChoice(hood.id, hood.name) for hood in neighbourhoods]
        self.neighbourhood_id.flags.required = True
        if self.neighbourhood_id.data is None:  # nothing chosen (or nothing sent): the one of the lead's postcode
            self.neighbourhood_id.data = default

    def validate_neighbourhood_id(self, field: Field) -> None:
        if field.data not in {choice.value for choice in field.choices or []}:
            raise ValidationError(_l("Choose the neighbourhood your plan is for."))

    NEEDED_TO_SEND = ("summary", "contribution", "plan_execution", "planned_end_on")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.budget_errors: list[Any] = []
        for name in self.NEEDED_TO_SEND:  # needed before sending, not to save a draft: not "(optional)"
            self[name].flags.required = True
        months = setting(REPORT_DUE_MONTHS)  # an admin setting: read when the form is made, not at import
        self.planned_end_on.description = ngettext(
            "A date, for example %(example)s. At the latest %(num)d month later you write a short final report.",
            "A date, for example %(example)s. At the latest %(num)d months later you write a short final report.",
            months, example=EXAMPLE_DATE)

    @classmethod
    def for_proposal(cls, proposal: Any) -> ProposalForm:
        """The form filled in with the plan as it is stored (for the edit page)."""
        form = cls(formdata=None, obj=proposal)
        for line in proposal.budget_lines:
            form.lines.append_entry({"item": line.item, "amount": line.amount_cents})
        return form

    def pad_lines(self, minimum: int = 5, spare: int = 3, maximum: int = 20) -> None:
        """Show the filled lines and a few empty ones (no JavaScript needed to add a line)."""
        filled = sum(1 for entry in self.lines if (entry.item.data or entry.amount.data is not None))
        while len(self.lines) < min(max(minimum, filled + spare), maximum):
            self.lines.append_entry()

    def line_rows(self) -> list[tuple[str, int | None]]:
        return [(entry.item.data or "", entry.amount.data) for entry in self.lines]


class InviteForm(FlaskForm):
    email = EmailField(_l("E-mail address"), filters=[strip],
                       description=_l("We send an invitation to this address. Someone without an account can make "
                                      "one through the invitation."),
                       validators=[InputRequired(_l("Enter the e-mail address of the person you want to invite."))],
                       render_kw={"autocomplete": "off"})


class ConfirmForm(FlaskForm):
    """Only the CSRF token: a button that confirms."""


class WithdrawForm(FlaskForm):
    reason = TextAreaField(_l("Why do you withdraw the plan?"), filters=[strip], render_kw={"rows": 3},
                           description=_l("Everyone can read this on the page of the plan."),
                           validators=[Length(max=MESSAGE_MAX, message=TOO_LONG)])


class HandOverForm(FlaskForm):
    new_lead = RadioField(_l("Who becomes the new lead?"), coerce=int,
                          validators=[InputRequired(_l("Choose the new lead."))],
                          invalid_choice_message=_l("Choose the new lead."))

    def set_members(self, memberships: Iterable[Any]) -> None:
        self.new_lead.choices = [SelectChoice(m.user_id, m.user.public_name) for m in memberships]


# ---------------------------------------------------------------- review and report

VERDICT_FIELD = "verdict_"
NOTE_FIELD = "note_"


class AssessmentForm(FlaskForm):
    """Built per plan: a yes/partly/no question and a note for each checklist point (see `assessment_form`)."""

    criterion_ids: list[int]

    def verdicts(self) -> dict[int, tuple[str, str]]:
        return {cid: (self[f"{VERDICT_FIELD}{cid}"].data or "", self[f"{NOTE_FIELD}{cid}"].data or "")
                for cid in self.criterion_ids}

    def pairs(self) -> list[tuple[Field, Field]]:
        return [(self[f"{VERDICT_FIELD}{cid}"], self[f"{NOTE_FIELD}{cid}"]) for cid in self.criterion_ids]


def assessment_form(criteria: Iterable[Any], current: dict[int, Any], **kwargs: Any) -> AssessmentForm:
    class Built(AssessmentForm):
        pass

    ids = []
    for criterion in criteria:
        ids.append(criterion.id)
        mine = current.get(criterion.id)
        setattr(Built, f"{VERDICT_FIELD}{criterion.id}", RadioField(
            criterion.text, choices=[SelectChoice(v.value, VERDICT_LABELS[v]) for v in Verdict],
            default=mine.verdict.value if mine else None,
            validators=[InputRequired(_l("Choose yes, partly or no for this point."))],
            invalid_choice_message=_l("Choose yes, partly or no for this point.")))
        setattr(Built, f"{NOTE_FIELD}{criterion.id}", TextAreaField(
            _l("Note about this point"), filters=[strip], default=mine.note if mine else "", render_kw={"rows": 2},
            validators=[Length(max=NOTE_MAX, message=TOO_LONG)]))
    form = Built(**kwargs)
    form.criterion_ids = ids
    return form


DECISION_LABELS = {
    Decision.APPROVE: _l("Approve the plan and grant money"),
    Decision.CHANGES: _l("Ask the team to change the plan"),
    Decision.REJECT: _l("Do not approve the plan"),
}


class DecisionForm(FlaskForm):
    decision = RadioField(_l("What do you decide?"),
                          choices=[SelectChoice(d.value, DECISION_LABELS[d]) for d in Decision],
                          validators=[InputRequired(_l("Choose what you decide."))],
                          invalid_choice_message=_l("Choose what you decide."))
    amount = EuroField(_l("Amount you grant (euros)"), description=_l("Only when you approve."))
    message = TextAreaField(_l("Explanation for the team"), filters=[strip], render_kw={"rows": 5},
                            description=_l("Needed when you ask for changes or do not approve. Everyone can read it "
                                           "on the page of the plan."),
                            validators=[Length(max=MESSAGE_MAX, message=TOO_LONG)])


class ReportForm(KindnessFormMixin, FlaskForm):
    report = TextAreaField(_l("How did it go?"), filters=[strip], render_kw={"rows": 8},
                           description=_l("What did you do, who took part, and what did the neighbourhood notice? "
                                          "Everyone can read this."),
                           validators=[InputRequired(_l("Write a few sentences about how it went.")),
                                       Length(max=TEXT_MAX, message=TOO_LONG)])
    spent = EuroField(_l("How much of the granted money did you spend? (euros)"),
                      validators=[InputRequired(_l("Fill in how much you spent, in euros."))])
