"""Moderation rules: reports and the hiding threshold, the managers' decisions, warnings, blocks, manager
neighbourhoods and the kindness word list. Every public function commits once and writes the audit log."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from wijkhulp import audit, kindness
from wijkhulp.accounts.models import User
from wijkhulp.accounts.permissions import post_refusal
from wijkhulp.registry.content import ContentType, content_type
from wijkhulp.database import utcnow
from wijkhulp.errors import DomainError, NotAllowed
from wijkhulp.extensions import db
from wijkhulp.moderation import events, hooks, permissions, queries
from wijkhulp.moderation import setting_specs as specs
from wijkhulp.moderation.models import (REASON_TEXT_MAX, REPORT_TEXT_MAX, AlreadyReported, CannotReportOwn,
                                        HoldOutcome, InvalidReport, NoAuthor, NoReason, NotAManager, NothingToDo,
                                        Report, ReportOutcome, ReportReason, UnknownContent)
from wijkhulp.neighbourhoods.models import ManagerAssignment
from wijkhulp.neighbourhoods.queries import get_neighbourhood
from wijkhulp.notifications import services as notifications
from wijkhulp.settings import services as settings

if TYPE_CHECKING:
    from wijkhulp.moderation.models import ReviewHold

ACCOUNT_PATH = "/account/"


@dataclass(frozen=True)
class ReportResult:
    report: Report
    hidden_now: bool  # this report took the item over the threshold


def _quoted(kind: ContentType, obj: Any) -> str:
    return kind.summary(obj, limit=80)


# ---------------------------------------------------------------- reports

def report_refusal(reporter: Any, kind: ContentType, obj: Any) -> DomainError | None:
    """The refusal report_content would give for this item before looking at the reason and the text, if any:
    UnknownContent (hidden and not for this person to moderate, or not theirs to see at all: a message in
    someone else's conversation), NotAllowed (e-mail address not confirmed, or blocked) or CannotReportOwn.
    The report page asks it; report_content raises it."""
    if kind.is_hidden(obj) and not permissions.can_moderate(reporter, kind.key, obj):
        return UnknownContent()
    if not kind.can_see(obj, reporter) and not (kind.is_hidden(obj)
                                                and permissions.can_moderate(reporter, kind.key, obj)):
        return UnknownContent()
    refusal = post_refusal(reporter, lambda: NotAllowed(
        _l("Confirm your e-mail address first. Then you can report something.")))
    if refusal is not None:
        return refusal
    author = kind.author_of(obj)
    if author is not None and author.id == reporter.id:
        return CannotReportOwn()
    return None


def report_content(reporter: User, *, content_key: str, object_id: int, reason: str, text: str = "") -> ReportResult:
    """A resident reports an item. When enough different residents have reported it (the setting
    report_threshold) it goes offline at once until a manager decides. Commits.

    Raises NotAllowed, UnknownContent, CannotReportOwn, InvalidReport or AlreadyReported; nothing is stored then.
    """
    kind = content_type(content_key)
    obj = kind.get(object_id) if kind is not None else None
    if kind is None or obj is None:
        raise UnknownContent()
    refusal = report_refusal(reporter, kind, obj)
    if refusal is not None:
        raise refusal
    author = kind.author_of(obj)
    try:
        chosen = ReportReason(reason)
    except ValueError:
        raise InvalidReport(field="reason") from None
    text = (text or "").strip()
    if len(text) > REPORT_TEXT_MAX:
        raise InvalidReport(_l("Use at most %(n)s characters.", n=REPORT_TEXT_MAX), field="text")
    if chosen == ReportReason.OTHER and not text:
        raise InvalidReport(_l("Tell us in a few words what is wrong."), field="text")
    pc4 = kind.pc4_of(obj)
    report = Report(reporter_id=reporter.id, content_key=kind.key, object_id=obj.id, pc4=pc4, reason=chosen,
                    text=text)
    db.session.add(report)
    try:
        db.session.flush()  # uq_report_reporter_id_content_key_object_id: one report per resident per item
    except IntegrityError:
        db.session.rollback()
        raise AlreadyReported() from None
    hidden_now = False
    threshold = int(settings.get(specs.REPORT_THRESHOLD))
    if queries.count_open_reports(kind.key, obj.id) >= threshold and kind.hide(obj):
        hidden_now = True
        audit.record(None, "moderation.auto_hide", kind.key, obj.id, reason=str(chosen),
                     details={"threshold": threshold}, pc4=pc4, subject=author)
        if author is not None:
            notifications.notify(author, events.MODERATION_NOTICE, message=_l(
                "Several neighbours reported “%(title)s”. It is offline for now. A community manager will "
                "look at it soon and let you know the outcome.", title=_quoted(kind, obj)))
    db.session.commit()
    return ReportResult(report=report, hidden_now=hidden_now)


# ---------------------------------------------------------------- helpers for decisions (flush only)

_OUTCOME_MESSAGES: dict[ReportOutcome, Callable[[str], Any]] = {
    ReportOutcome.DISMISSED: lambda title: _l(
        "Thank you for your report about “%(title)s”. A community manager has looked at it and found no reason "
        "to take it offline.", title=title),
    ReportOutcome.RESTORED: lambda title: _l(
        "Thank you for your report about “%(title)s”. A community manager has looked at it and found no reason "
        "to keep it offline.", title=title),
    ReportOutcome.HIDDEN: lambda title: _l(
        "Thank you for your report about “%(title)s”. A community manager has taken it offline.", title=title),
    ReportOutcome.REMOVED: lambda title: _l(
        "Thank you for your report about “%(title)s”. A community manager has removed it.", title=title),
    ReportOutcome.WARNED: lambda title: _l(
        "Thank you for your report about “%(title)s”. A community manager has spoken to the person who wrote "
        "it.", title=title),
}


def _require(actor: User, content_key: str, object_id: int) -> tuple[ContentType, Any]:
    kind, obj = queries.item_or_404(content_key, object_id)
    if not permissions.can_moderate(actor, content_key, obj):
        raise NotAllowed()
    return kind, obj


def _required_reason(reason: str | None) -> str:
    text = (reason or "").strip()
    if not text:
        raise NoReason(field="reason")
    if len(text) > REASON_TEXT_MAX:
        raise NoReason(_l("Use at most %(n)s characters.", n=REASON_TEXT_MAX), field="reason")
    return text


def _optional_reason(reason: str | None) -> str:
    text = (reason or "").strip()
    if len(text) > REASON_TEXT_MAX:
        raise NoReason(_l("Use at most %(n)s characters.", n=REASON_TEXT_MAX), field="reason")
    return text


def _resolve_reports(kind: ContentType, obj: Any, actor: User, outcome: ReportOutcome, title: str) -> int:
    """Close the open reports on an item and tell each reporter the outcome (not the reason: that is between
    the manager and the author)."""
    reports = queries.open_reports_for(kind.key, obj.id)
    now = utcnow()
    for report in reports:
        report.resolved_at, report.resolved_by_id, report.outcome = now, actor.id, outcome
        notifications.notify(report.reporter, events.REPORT_OUTCOME,
                             message=_OUTCOME_MESSAGES[outcome](title))
    return len(reports)


def _resolve_hold(kind: ContentType, obj: Any, actor: User, outcome: HoldOutcome) -> ReviewHold | None:
    hold = queries.hold_for(kind.key, obj.id)
    if hold is None or not hold.is_open:
        return None
    hold.decided_at, hold.decided_by_id, hold.outcome = utcnow(), actor.id, outcome
    return hold


def _tell_author(kind: ContentType, obj: Any, message: Any) -> None:
    author = kind.author_of(obj)
    if author is not None:
        notifications.notify(author, events.MODERATION_NOTICE, message=message)


def _record(actor: User, action: str, kind: ContentType, obj: Any, reason: str, **details: Any) -> None:
    audit.record(actor, action, kind.key, obj.id, reason=reason, details=details, pc4=kind.pc4_of(obj),
                 subject=kind.author_of(obj))


# ---------------------------------------------------------------- decisions

def dismiss_reports(actor: User, content_key: str, object_id: int, reason: str = "") -> int:
    """Nothing wrong: close the open reports; an item that went offline because of them comes back. Commits.

    Returns how many reports were closed. Raises UnknownContent, NotAllowed or NothingToDo.
    """
    kind, obj = _require(actor, content_key, object_id)
    reason = _optional_reason(reason)
    title = _quoted(kind, obj)
    hold = queries.hold_for(kind.key, obj.id)
    closed = _resolve_reports(kind, obj, actor, ReportOutcome.DISMISSED, title)
    if not closed:
        raise NothingToDo()
    restored = (hold is None or not hold.is_open) and kind.unhide(obj)
    if restored:
        _tell_author(kind, obj, _l("A community manager has looked at “%(title)s”. It is online again.",
                                   title=title))
    _record(actor, "moderation.dismiss", kind, obj, reason, reports=closed, restored=restored)
    db.session.commit()
    return closed


def hide_content(actor: User, content_key: str, object_id: int, reason: str) -> None:
    """Take an item offline; the author hears why. Commits.

    Raises UnknownContent, NotAllowed, NoReason or NothingToDo (already offline and nothing open).
    """
    kind, obj = _require(actor, content_key, object_id)
    reason = _required_reason(reason)
    title = _quoted(kind, obj)
    changed = kind.hide(obj)
    closed = _resolve_reports(kind, obj, actor, ReportOutcome.HIDDEN, title)
    held = _resolve_hold(kind, obj, actor, HoldOutcome.REJECTED)
    if not (changed or closed or held):
        raise NothingToDo(_l("This is already offline."))
    _tell_author(kind, obj, _l("A community manager has taken “%(title)s” offline. The reason: %(reason)s",
                               title=title, reason=reason))
    _record(actor, "moderation.hide", kind, obj, reason, reports=closed)
    db.session.commit()


def restore_content(actor: User, content_key: str, object_id: int, reason: str = "") -> None:
    """Put an offline item back online (this also approves a held first post); the author hears it. Commits.

    Raises UnknownContent, NotAllowed or NothingToDo (it is online already).
    """
    kind, obj = _require(actor, content_key, object_id)
    reason = _optional_reason(reason)
    if not kind.unhide(obj):
        raise NothingToDo(_l("This is online already."))
    title = _quoted(kind, obj)
    closed = _resolve_reports(kind, obj, actor, ReportOutcome.RESTORED, title)
    _resolve_hold(kind, obj, actor, HoldOutcome.APPROVED)
    _tell_author(kind, obj, _l("A community manager has looked at “%(title)s”. It is online again.", title=title))
    _record(actor, "moderation.restore", kind, obj, reason, reports=closed)
    db.session.commit()


def approve_content(actor: User, content_key: str, object_id: int) -> None:
    """Approve a held first post: it goes online, and the author's next posts are not held. Commits.

    Raises UnknownContent, NotAllowed or NothingToDo (nothing held).
    """
    kind, obj = _require(actor, content_key, object_id)
    if _resolve_hold(kind, obj, actor, HoldOutcome.APPROVED) is None:
        raise NothingToDo()
    kind.unhide(obj)
    _tell_author(kind, obj, _l("A community manager has checked “%(title)s”. It is online now. From now on, "
                               "what you post is online straight away.", title=_quoted(kind, obj)))
    _record(actor, "moderation.approve", kind, obj, "")
    db.session.commit()


def remove_content(actor: User, content_key: str, object_id: int, reason: str) -> None:
    """Remove an item: its text is replaced, the record stays (and offline); the author hears why. Commits.

    Raises UnknownContent, NotAllowed or NoReason.
    """
    kind, obj = _require(actor, content_key, object_id)
    reason = _required_reason(reason)
    title = _quoted(kind, obj)
    kind.remove(obj)
    kind.hide(obj)
    closed = _resolve_reports(kind, obj, actor, ReportOutcome.REMOVED, title)
    _resolve_hold(kind, obj, actor, HoldOutcome.REJECTED)
    _tell_author(kind, obj, _l("A community manager has removed “%(title)s”. The reason: %(reason)s",
                               title=title, reason=reason))
    _record(actor, "moderation.remove", kind, obj, reason, reports=closed)
    db.session.commit()


def warn_author(actor: User, content_key: str, object_id: int, reason: str) -> User:
    """Send the author a message about an item (the item stays as it is). Commits. Returns the author.

    Raises UnknownContent, NotAllowed, NoReason or NoAuthor.
    """
    kind, obj = _require(actor, content_key, object_id)
    reason = _required_reason(reason)
    author = kind.author_of(obj)
    if author is None:
        raise NoAuthor()
    title = _quoted(kind, obj)
    closed = _resolve_reports(kind, obj, actor, ReportOutcome.WARNED, title)
    notifications.notify(author, events.MODERATION_NOTICE, message=_l(
        "A message from the community manager about “%(title)s”: %(reason)s", title=title, reason=reason))
    _record(actor, "moderation.warn", kind, obj, reason, reports=closed)
    db.session.commit()
    return author


# ---------------------------------------------------------------- reading reported private content

@dataclass(frozen=True)
class PrivateText:
    text: str
    context: str  # the one item before it (the message before a message), or ""


def private_read_refusal(actor: User, kind: ContentType, obj: Any) -> DomainError | None:
    """Why `actor` may not read this item's private text, if so: NotAllowed outside their neighbourhoods, or
    when nobody has reported it (staff never read private content that was not reported)."""
    if not permissions.can_moderate(actor, kind.key, obj):
        return NotAllowed()
    if kind.is_private(obj) and not queries.reports_for(kind.key, obj.id):
        return NotAllowed(_l("Nobody has reported this. Its text is private, so you cannot read it."))
    return None


def read_reported_private(actor: User, content_key: str, object_id: int) -> PrivateText:
    """A manager reads the text of a reported private item (a message, a thank-you note), with at most the one
    message before it for context. Each look is written to the audit log. Commits.

    Raises UnknownContent or NotAllowed (outside the manager's neighbourhoods, or nobody reported it).
    """
    kind, obj = queries.item_or_404(content_key, object_id)
    refusal = private_read_refusal(actor, kind, obj)
    if refusal is not None:
        raise refusal
    result = PrivateText(text=kind.text(obj), context=kind.context(obj) if kind.is_private(obj) else "")
    if kind.is_private(obj):
        what = kind.key.replace("_", " ")
        _record(actor, "moderation.read_private", kind, obj, f"looked at reported private {what}",
                with_context=bool(result.context))
        db.session.commit()
    return result


# ---------------------------------------------------------------- blocking

def _require_person(actor: User | None, user_id: int) -> User:
    person = queries.user_or_404(user_id)
    if actor is not None and not permissions.can_moderate_user(actor, person):
        raise NotAllowed()
    return person


def block_user(actor: User | None, user_id: int, reason: str) -> User:
    """Block an account: no sign-in, every session ends; the person gets an e-mail with the reason and the audit
    log an entry. The one way to block, for managers, admins and the command line (`actor` None). Commits.

    Raises NotFound, NotAllowed (outside your neighbourhoods, a manager, yourself), NoReason or NothingToDo.
    """
    person = _require_person(actor, user_id)
    reason = _required_reason(reason)
    if person.is_blocked:
        raise NothingToDo(_l("This account is blocked already."))
    person.blocked_at = utcnow()
    person.blocked_reason = reason[:500]
    person.end_sessions()
    audit.record(actor, "user.block", "user", person.id, reason=reason, pc4=person.pc4, subject=person)
    if person.email_verified_at is not None:
        notifications.queue_mail(
            to=person.email, user=person, subject=_l("Your account has been blocked"),
            body=_l("Hello %(name)s,\n\nA community manager has blocked your account. You cannot sign in "
                    "for now.\n\nThe reason: %(reason)s\n\nDo you think this is a mistake? Reply to the "
                    "community manager: %(contact)s", name=person.display_name, reason=reason,
                    contact=settings.get("contact_email")))
    db.session.commit()
    return person


def unblock_user(actor: User | None, user_id: int, reason: str = "") -> User:
    """Lift a block; the person hears it and the audit log has an entry. The one way to unblock (`actor` None:
    the command line). Commits. Raises NotFound, NotAllowed or NothingToDo."""
    person = _require_person(actor, user_id)
    reason = _optional_reason(reason)
    if not person.is_blocked:
        raise NothingToDo(_l("This account is not blocked."))
    person.blocked_at = None
    person.blocked_reason = None
    audit.record(actor, "user.unblock", "user", person.id, reason=reason, pc4=person.pc4, subject=person)
    notifications.notify(person, events.MODERATION_NOTICE,
                         message=_l("Your account is no longer blocked. Welcome back."), url=ACCOUNT_PATH)
    db.session.commit()
    return person


# ---------------------------------------------------------------- manager neighbourhoods

def assign_manager(actor: User | None, *, neighbourhood_id: int, user_id: int) -> bool:
    """Let a community manager look after a neighbourhood. Commits; False when it was so already.

    `actor` None is the command line. Raises NotAllowed, NeighbourhoodNotFound, NotFound or NotAManager.
    """
    if actor is not None and not permissions.can_assign_managers(actor):
        raise NotAllowed()
    neighbourhood = get_neighbourhood(neighbourhood_id)
    person = queries.user_or_404(user_id)
    if not person.is_manager:
        raise NotAManager(field="user_id")
    if db.session.get(ManagerAssignment, (neighbourhood.id, person.id)) is not None:
        return False
    db.session.add(ManagerAssignment(neighbourhood_id=neighbourhood.id, user_id=person.id))
    audit.record(actor, "manager.assign", "neighbourhood", neighbourhood.id,
                 details={"user_id": person.id, "neighbourhood": neighbourhood.name})
    try:
        db.session.commit()
    except IntegrityError:  # the same assignment made at the same moment
        db.session.rollback()
        return False
    return True


def unassign_manager(actor: User | None, *, neighbourhood_id: int, user_id: int) -> bool:
    """Stop a manager looking after a neighbourhood. Commits; False when they did not. Raises NotAllowed."""
    if actor is not None and not permissions.can_assign_managers(actor):
        raise NotAllowed()
    assignment = db.session.get(ManagerAssignment, (neighbourhood_id, user_id))
    if assignment is None:
        return False
    audit.record(actor, "manager.unassign", "neighbourhood", neighbourhood_id,
                 details={"user_id": user_id, "neighbourhood": assignment.neighbourhood.name})
    db.session.delete(assignment)
    db.session.commit()
    return True


# ---------------------------------------------------------------- the kindness word list

def set_kindness_words(actor: User, text: str) -> list[str]:
    """Replace the word list of the kindness reminder (one word or phrase per line or comma). Commits.

    Raises NotAllowed or InvalidSetting (too long).
    """
    if not permissions.can_edit_kindness_words(actor):
        raise NotAllowed()
    words = kindness.parse_words(text)
    before = hooks.kindness_words()
    value = settings.stage_value(specs.KINDNESS_WORDS, ", ".join(words), actor=actor.email)
    if words != before:
        audit.record(actor, "setting.change", "setting", specs.KINDNESS_WORDS,
                     details={"added": [w for w in words if w not in before],
                              "removed": [w for w in before if w not in words]})
    db.session.commit()
    return kindness.parse_words(str(value))

