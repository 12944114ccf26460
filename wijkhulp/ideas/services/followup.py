"""Some months after a round: was the idea carried out?"""

from __future__ import annotations

import calendar
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from wijkhulp.accounts.models import User
from wijkhulp.database import guarded_update, utcnow
from wijkhulp.errors import NotAllowed
from wijkhulp.extensions import db
from wijkhulp.ideas import permissions, queries
from wijkhulp.ideas.models import (SHORT_TEXT_MAX_LENGTH, Approval, AuctionRound, FollowUpNotPossible, Idea,
                                   InvalidIdea, Outcome, Realised, RoundStatus)
from wijkhulp.ideas.services._common import FOLLOWUP_MONTHS, atomic, clean, followup_path
from wijkhulp.notifications import services as notifications
from wijkhulp.settings import services as settings


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (31 May minus 3 months is 28/29 February)."""
    index = moment.year * 12 + (moment.month - 1) - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def send_followups(now: datetime | None = None) -> int:
    """Ask the owners of (partly) matched ideas, N months (a setting) after their round closed, whether the idea
    was carried out. Each idea is asked once, also when cron runs twice at once. Commits. Returns how many."""
    now = now or utcnow()
    cutoff = months_before(now, int(settings.get(FOLLOWUP_MONTHS)))
    ideas = db.session.scalars(
        select(Idea).join(AuctionRound)
        .where(AuctionRound.status == RoundStatus.CLOSED, AuctionRound.closed_at <= cutoff,
               Idea.outcome.in_([Outcome.MATCHED, Outcome.PARTLY_MATCHED]), Idea.approval == Approval.APPROVED,
               Idea.hidden_at.is_(None), Idea.followup_requested_at.is_(None), Idea.realised.is_(None))
        .order_by(Idea.id)).all()
    asked = 0
    for idea in ideas:
        if not guarded_update(Idea, idea.id, where=(Idea.followup_requested_at.is_(None),),
                              values={"followup_requested_at": now}):
            continue
        asked += 1
        notifications.notify(idea.author, "idea_followup", url=followup_path(idea.id), message=_l(
            "Some time ago your idea “%(title)s” found partners in the ideas auction. Was it carried out? Tell us in "
            "a few words: it helps the neighbourhood and the partners.", title=idea.title))
    db.session.commit()
    return asked


@atomic
def answer_followup(actor: User, idea_id: int, *, realised: str, note: str | None = "") -> Idea:
    """The owner tells whether the idea was carried out; it shows on the idea. Commits.

    Raises IdeaNotFound, NotAllowed, FollowUpNotPossible or InvalidIdea.
    """
    idea = queries.get_idea(idea_id)
    if idea.hidden_at is not None or not permissions.can_answer_followup(actor, idea):
        raise NotAllowed()
    if idea.round.status != RoundStatus.CLOSED or idea.outcome not in (Outcome.MATCHED, Outcome.PARTLY_MATCHED):
        raise FollowUpNotPossible()
    try:
        answer = Realised(realised)
    except ValueError:
        raise InvalidIdea(_l("Choose yes, partly or no."), field="realised") from None
    idea.realised = answer
    note_text = clean(note, limit=SHORT_TEXT_MAX_LENGTH, required=False, error=InvalidIdea, field="note",
                      message=_l("Use at most %(n)s characters.", n=SHORT_TEXT_MAX_LENGTH))
    idea.realised_note = note_text or None
    idea.realised_at = utcnow()
    db.session.commit()
    return idea
