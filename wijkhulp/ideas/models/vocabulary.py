"""Limits, the enums of rounds, needs and pledges with their labels, and how amounts are written."""

from __future__ import annotations

import enum

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from flask_babel import format_currency, get_locale

NAME_MAX_LENGTH = 120
TITLE_MAX_LENGTH = 120
TEXT_MAX_LENGTH = 4000
SHORT_TEXT_MAX_LENGTH = 2000
NEED_DESCRIPTION_MAX_LENGTH = 300
PLEDGE_TEXT_MAX_LENGTH = 500
TABLE_NAME_MAX_LENGTH = 120
GUEST_NAME_MAX_LENGTH = 120
MAX_NEEDS = 10
MAX_ESTIMATED_VALUE_CENTS = 100_000_000  # one million euros: a typo guard, not a policy


class RoundStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"


class NeedType(enum.StrEnum):
    MONEY = "money"
    TIME = "time"
    MATERIALS = "materials"
    SPACE = "space"
    KNOWHOW = "knowhow"


class Unit(enum.StrEnum):
    EURO = "euro"
    HOURS = "hours"
    PIECES = "pieces"


class Approval(enum.StrEnum):
    APPROVED = "approved"
    PENDING = "pending"
    REJECTED = "rejected"


class Outcome(enum.StrEnum):
    MATCHED = "matched"
    PARTLY_MATCHED = "partly_matched"
    NOT_MATCHED = "not_matched"


class PledgeStatus(enum.StrEnum):
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class Realised(enum.StrEnum):
    YES = "yes"
    PARTLY = "partly"
    NO = "no"


ROUND_STATUS_LABELS = {RoundStatus.DRAFT: _l("Draft (not public yet)"), RoundStatus.OPEN: _l("Open"),
                       RoundStatus.CLOSED: _l("Closed")}
NEED_TYPE_LABELS = {NeedType.MONEY: _l("Money"), NeedType.TIME: _l("Volunteers (time)"),
                    NeedType.MATERIALS: _l("Materials"), NeedType.SPACE: _l("Space (a room or a place)"),
                    NeedType.KNOWHOW: _l("Know-how (advice, skills)")}
UNIT_LABELS = {Unit.EURO: _l("euro"), Unit.HOURS: _l("hours"), Unit.PIECES: _l("pieces")}
ALLOWED_UNITS = {NeedType.MONEY: (Unit.EURO,), NeedType.TIME: (Unit.HOURS,),
                 NeedType.MATERIALS: (Unit.PIECES, Unit.EURO), NeedType.SPACE: (Unit.HOURS, Unit.PIECES),
                 NeedType.KNOWHOW: (Unit.HOURS, Unit.PIECES)}
MAX_QUANTITY = {Unit.EURO: 1_000_000, Unit.HOURS: 10_000, Unit.PIECES: 10_000}
APPROVAL_LABELS = {Approval.APPROVED: _l("Public"), Approval.PENDING: _l("Waiting for approval"),
                   Approval.REJECTED: _l("Not approved")}
OUTCOME_LABELS = {Outcome.MATCHED: _l("Matched"), Outcome.PARTLY_MATCHED: _l("Partly matched"),
                  Outcome.NOT_MATCHED: _l("Not matched")}
PLEDGE_STATUS_LABELS = {PledgeStatus.OFFERED: _l("Offered"), PledgeStatus.ACCEPTED: _l("Accepted"),
                        PledgeStatus.DECLINED: _l("Declined"), PledgeStatus.WITHDRAWN: _l("Withdrawn")}
REALISED_LABELS = {Realised.YES: _l("Yes, the idea has been carried out"),
                   Realised.PARTLY: _l("Partly, it is under way"), Realised.NO: _l("No, it did not happen")}
ACTIVE_PLEDGE = (PledgeStatus.OFFERED, PledgeStatus.ACCEPTED)


def whole_euros(amount: int) -> str:
    """250 -> '€ 250', 1000 -> '€ 1.000' (in the current language): needs and pledges are in whole euros, so the
    page shows no cents it would never accept."""
    locale = get_locale()
    pattern = locale.currency_formats["standard"].pattern if locale is not None else "¤ #,##0.00"
    return format_currency(amount, "EUR", format=pattern.replace(".00", ""), currency_digits=False)


def format_amount(amount: int, unit: Unit | str) -> str:
    """30, hours -> '30 hours'; 250, euro -> '€ 250' (in the current language)."""
    unit = Unit(unit)
    if unit == Unit.EURO:
        return whole_euros(amount)
    if unit == Unit.HOURS:
        return ngettext("%(num)d hour", "%(num)d hours", amount)
    return ngettext("%(num)d piece", "%(num)d pieces", amount)


def format_coverage(part: int, whole: int, unit: Unit | str) -> str:
    """'30 of 50 hours': the text beside a coverage bar."""
    unit = Unit(unit)
    if unit == Unit.EURO:
        return _("%(part)s of %(whole)s", part=whole_euros(part), whole=whole_euros(whole))
    if unit == Unit.HOURS:
        return ngettext("%(part)s of %(num)d hour", "%(part)s of %(num)d hours", whole, part=part)
    return ngettext("%(part)s of %(num)d piece", "%(part)s of %(num)d pieces", whole, part=part)
