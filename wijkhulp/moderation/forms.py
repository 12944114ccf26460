"""Forms: the report form, the managers' decisions, blocking, manager neighbourhoods, the word list, the log filter."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from wijkhulp.forms import BoundedDateField, strip
from wijkhulp.moderation.models import REASON_LABELS, REASON_TEXT_MAX, REPORT_TEXT_MAX, ReportReason
from wijkhulp.moderation.setting_specs import KINDNESS_WORDS_MAX


class ReportForm(FlaskForm):
    reason = RadioField(_l("What is wrong?"), choices=[SelectChoice(r.value, REASON_LABELS[r]) for r in ReportReason],
                        validators=[InputRequired(_l("Choose why you report this."))])
    text = TextAreaField(_l("Tell us more"), filters=[strip],
                         validators=[Optional(), Length(max=REPORT_TEXT_MAX,
                                                        message=_l("Use at most %(max)d characters."))],
                         description=_l("A few words help the community manager. Only the community manager "
                                        "reads this; the writer does not see who reported it."),
                         render_kw={"rows": 4})


class ReadPrivateForm(FlaskForm):
    """The button that opens a reported private text (a POST: each look is written to the audit log)."""


class DecisionForm(FlaskForm):
    """One form for every decision on an item; the service decides whether a reason is needed."""

    reason = TextAreaField(_l("Reason"), filters=[strip],
                           validators=[Optional(), Length(max=REASON_TEXT_MAX,
                                                          message=_l("Use at most %(max)d characters."))],
                           description=_l("Needed when you take something offline, remove it or send a warning: "
                                          "the writer reads it. Write it kindly and clearly. Not needed to close "
                                          "the reports or to put it back online."),
                           render_kw={"rows": 3})


class BlockForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), filters=[strip],
                           validators=[InputRequired(_l("Give a reason. The person will read it.")),
                                       Length(max=REASON_TEXT_MAX, message=_l("Use at most %(max)d characters."))],
                           description=_l("The person gets this reason by e-mail."), render_kw={"rows": 3})


class UnblockForm(FlaskForm):
    reason = TextAreaField(_l("Note"), filters=[strip],
                           validators=[Optional(), Length(max=REASON_TEXT_MAX,
                                                          message=_l("Use at most %(max)d characters."))],
                           description=_l("For the audit log, for example what you agreed with the person."),
                           render_kw={"rows": 2})


class AssignManagerForm(FlaskForm):
    user_id = SelectField(_l("Community manager"), coerce=int,
                          validators=[InputRequired(_l("Choose a community manager."))])
    neighbourhood_id = SelectField(_l("Neighbourhood"), coerce=int,
                                   validators=[InputRequired(_l("Choose a neighbourhood."))])


class KindnessWordsForm(FlaskForm):
    words = TextAreaField(_l("Words and phrases"), filters=[strip],
                          validators=[Optional(), Length(max=KINDNESS_WORDS_MAX,
                                                         message=_l("Use at most %(max)d characters."))],
                          description=_l("One word or phrase per line (commas also work). A word ending in * also matches longer "
                                         "words: “kanker*” matches “kankerlijer”. Capitals and accents do not "
                                         "matter."),
                          render_kw={"rows": 14})


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    actor = StringField(_l("Who"), filters=[strip], validators=[Optional(), Length(max=100)],
                        description=_l("Part of a name or e-mail address, or “system”."))
    action = SelectField(_l("Action"), validators=[Optional()])
    target_key = SelectField(_l("About"), validators=[Optional()])
    target_id = StringField(_l("Number or key"), filters=[strip], validators=[Optional(), Length(max=64)])
    start = BoundedDateField(_l("From"), validators=[Optional()])
    end = BoundedDateField(_l("Up to and including"), validators=[Optional()])
