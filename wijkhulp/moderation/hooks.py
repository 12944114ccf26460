"""What moderation plugs into the features it serves (declared in its manifest): profiles as a content type,
the pre-moderation policy, the managed word list of the kindness nudge, and reports in the data download."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from wijkhulp import audit, kindness
from wijkhulp.registry.content import ContentType
from wijkhulp.accounts.models import User
from wijkhulp.extensions import db
from wijkhulp.moderation import setting_specs as specs
from wijkhulp.moderation.models import HoldOutcome, Report, ReviewHold
from wijkhulp.settings import services as settings

PROFILE = "profile"


def remove_profile(user: User) -> None:
    """What a person wrote about themselves goes; the account and its name stay."""
    user.bio = ""
    user.skills = ""
    user.languages = ""


def profile_author(user: User) -> User | None:
    return None if user.is_deleted else user


# ---------------------------------------------------------------- pre-moderation

def needs_premoderation(author: Any) -> bool:
    """Pre-moderation is on, the author is a resident, and no post of theirs has been approved yet."""
    if author is None or getattr(author, "id", None) is None or author.is_manager:
        return False
    if not settings.get(specs.PREMODERATION):
        return False
    approved = db.session.scalar(select(ReviewHold.id).where(
        ReviewHold.author_id == author.id, ReviewHold.outcome == HoldOutcome.APPROVED).limit(1))
    return approved is None


def hold_for_review(kind: ContentType, obj: Any, author: Any) -> None:
    """Hide new content and put it in the queue. Flush only."""
    kind.hide(obj)
    pc4 = kind.pc4_of(obj)
    existing = db.session.scalar(select(ReviewHold).where(ReviewHold.content_key == kind.key,
                                                          ReviewHold.object_id == obj.id))
    if existing is None:
        db.session.add(ReviewHold(content_key=kind.key, object_id=obj.id, author_id=author.id, pc4=pc4))
    audit.record(None, "moderation.hold", kind.key, obj.id, pc4=pc4, subject=author)
    db.session.flush()


# ---------------------------------------------------------------- the kindness word list

def kindness_words() -> list[str]:
    return kindness.parse_words(str(settings.get(specs.KINDNESS_WORDS)))


# ---------------------------------------------------------------- my data and account deletion

def export_reports(user: User) -> list[dict[str, Any]]:
    reports = db.session.scalars(select(Report).where(Report.reporter_id == user.id).order_by(Report.created_at))
    return [{"about": r.content_key, "number": r.object_id, "reason": r.reason.value, "text": r.text,
             "created_at": r.created_at.isoformat(),
             "outcome": r.outcome.value if r.outcome else None} for r in reports]


def erase_reports(user: User) -> None:
    """The reports stay (they counted towards hiding something); what the person wrote in them goes."""
    for report in db.session.scalars(select(Report).where(Report.reporter_id == user.id, Report.text != "")):
        report.text = ""
