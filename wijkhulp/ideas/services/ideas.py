"""Ideas in a round: submit (also for a neighbourhood table), change, and the manager's approval."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from wijkhulp import audit
from wijkhulp.registry.content import premoderate
from wijkhulp.accounts.models import User
from wijkhulp.accounts.permissions import require_can_post
from wijkhulp.database import utcnow
from wijkhulp.errors import NotAllowed
from wijkhulp.extensions import db
from wijkhulp.ideas import permissions, queries
from wijkhulp.ideas.models import (ALLOWED_UNITS, MAX_NEEDS, MAX_QUANTITY, NEED_DESCRIPTION_MAX_LENGTH,
                                   NEED_TYPE_LABELS, SHORT_TEXT_MAX_LENGTH, TABLE_NAME_MAX_LENGTH, TEXT_MAX_LENGTH,
                                   TITLE_MAX_LENGTH, UNIT_LABELS, Approval, AuctionRound, Idea, InvalidIdea,
                                   InvalidNeed, Need, NeedInput, NeedsLocked, NeedType, RoundClosed, Unit)
from wijkhulp.ideas.services._common import active_managers, atomic, clean, get_round, idea_path
from wijkhulp.notifications import services as notifications


IDEA_CONTENT_KEY = "idea"  # the moderation content type (declared in ideas/feature.py)


def _sentence(text: str) -> str:
    """'Te vaag' -> 'Te vaag.': a reason quoted in a message ends as a sentence (it may end with '.', '!' or '?')."""
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def _checked_needs(needs: Sequence[NeedInput]) -> list[NeedInput]:
    if not needs:
        raise InvalidNeed(_l("Add at least one thing the idea needs: money, time, materials, space or know-how."),
                          field="needs")
    if len(needs) > MAX_NEEDS:
        raise InvalidNeed(_l("An idea can have at most %(n)s needs.", n=MAX_NEEDS), field="needs")
    checked = []
    for index, need in enumerate(needs):
        prefix = f"needs-{index}-"
        try:
            kind = NeedType(need.type)
        except ValueError:
            raise InvalidNeed(_l("Choose what kind of help this is."), field=prefix + "type") from None
        try:
            unit = Unit(need.unit)
        except ValueError:
            raise InvalidNeed(_l("Choose a unit: euro, hours or pieces."), field=prefix + "unit") from None
        if unit not in ALLOWED_UNITS[kind]:
            raise InvalidNeed(_l("%(kind)s: choose %(units)s as the unit.", kind=NEED_TYPE_LABELS[kind],
                                 units=LazyString(_or_list, [UNIT_LABELS[u] for u in ALLOWED_UNITS[kind]])),
                              field=prefix + "unit")
        description = clean(need.description, limit=NEED_DESCRIPTION_MAX_LENGTH, required=True, error=InvalidNeed,
                            field=prefix + "description",
                            message=_l("Describe in a few words what is needed (at most %(n)s characters).",
                                       n=NEED_DESCRIPTION_MAX_LENGTH))
        if need.quantity is None or not 1 <= need.quantity <= MAX_QUANTITY[unit]:
            raise InvalidNeed(_l("Enter a whole number from 1 to %(max)s.", max=MAX_QUANTITY[unit]),
                              field=prefix + "quantity")
        checked.append(NeedInput(type=kind.value, description=description, quantity=need.quantity,
                                 unit=unit.value))
    return checked


def _or_list(labels: list[Any]) -> str:
    return " / ".join(str(label) for label in labels)


def _checked_idea(auction_round: AuctionRound, *, title: str, description: str, own_contribution: str,
                  offer_in_return: str | None, neighbourhood_id: int | None) -> dict[str, Any]:
    values = {
        "title": clean(title, limit=TITLE_MAX_LENGTH, required=True, error=InvalidIdea, field="title",
                       message=_l("Give your idea a short title (at most %(n)s characters).", n=TITLE_MAX_LENGTH)),
        "description": clean(description, limit=TEXT_MAX_LENGTH, required=True, error=InvalidIdea,
                             field="description", message=_l("Describe your idea (at most %(n)s characters).",
                                                             n=TEXT_MAX_LENGTH)),
        "own_contribution": clean(own_contribution, limit=SHORT_TEXT_MAX_LENGTH, required=True, error=InvalidIdea,
                                  field="own_contribution",
                                  message=_l("Tell what you do yourself for this idea (at most %(n)s characters). "
                                             "That is the heart of the ideas auction.", n=SHORT_TEXT_MAX_LENGTH)),
        "offer_in_return": clean(offer_in_return, limit=SHORT_TEXT_MAX_LENGTH, required=False, error=InvalidIdea,
                                 field="offer_in_return",
                                 message=_l("Use at most %(n)s characters.", n=SHORT_TEXT_MAX_LENGTH)),
    }
    neighbourhood = next((n for n in auction_round.neighbourhoods if n.id == neighbourhood_id), None)
    if neighbourhood is None:
        raise InvalidIdea(_l("Choose the neighbourhood the idea is for."), field="neighbourhood_id")
    values["neighbourhood"] = neighbourhood
    return values


def _apply_needs(idea: Idea, needs: list[NeedInput]) -> None:
    current = [(n.type.value, n.description, n.quantity, n.unit.value) for n in idea.needs]
    wanted = [(n.type, n.description, n.quantity, n.unit) for n in needs]
    if current == wanted:
        return
    if idea.active_pledges():
        raise NeedsLocked(field="needs")
    idea.needs.clear()
    db.session.flush()  # the old rows go before the new ones take their positions
    for position, need in enumerate(needs):
        idea.needs.append(Need(position=position, type=NeedType(need.type), description=need.description,
                               quantity=need.quantity or 0, unit=Unit(need.unit)))


@atomic
def submit_idea(actor: User, round_id: int, *, title: str, description: str, own_contribution: str,
                offer_in_return: str | None = "", neighbourhood_id: int | None, needs: Sequence[NeedInput],
                entered_for: str | None = None) -> Idea:
    """Submit an idea with 1–10 needs. A manager may enter one for a neighbourhood table (`entered_for`), also
    before the round opens. In a round that requires approval, a resident's idea waits for a manager. Otherwise,
    with pre-moderation on, a new account's idea is hidden until a manager approves it (`idea.hidden_at` is set
    then). Commits.

    Raises RoundNotFound, NotAllowed, RoundNotOpen, RoundClosed, InvalidIdea or InvalidNeed.
    """
    auction_round = get_round(round_id)
    now = utcnow()
    table = (entered_for or "").strip() or None
    if table is not None:
        if not permissions.can_enter_for_table(actor, auction_round):
            raise NotAllowed()
        if len(table) > TABLE_NAME_MAX_LENGTH:
            raise InvalidIdea(_l("Use at most %(n)s characters.", n=TABLE_NAME_MAX_LENGTH), field="entered_for")
        if auction_round.is_closed(now):
            raise RoundClosed()
    else:
        require_can_post(actor)  # the view asks poster_refusal first
        auction_round.ensure_accepting(now)
    values = _checked_idea(auction_round, title=title, description=description, own_contribution=own_contribution,
                           offer_in_return=offer_in_return, neighbourhood_id=neighbourhood_id)
    checked_needs = _checked_needs(needs)
    needs_review = auction_round.requires_approval and not permissions.can_manage_round(actor, auction_round)
    idea = Idea(round=auction_round, author=actor, entered_for=table,
                approval=Approval.PENDING if needs_review else Approval.APPROVED, **values)
    if not needs_review:
        idea.reviewed_at = now
    db.session.add(idea)
    _apply_needs(idea, checked_needs)
    db.session.flush()
    if not needs_review:  # an idea that waits for approval already waits for a manager: no second queue entry
        premoderate(IDEA_CONTENT_KEY, idea, actor)
    if needs_review:
        for manager in active_managers():
            notifications.notify(manager, "idea_awaiting_approval", url=idea_path(idea.id), message=_l(
                "A new idea waits for your approval in “%(round)s”: “%(title)s”.", round=auction_round.name,
                title=idea.title))
    db.session.commit()
    return idea


@atomic
def update_idea(actor: User, idea_id: int, *, title: str, description: str, own_contribution: str,
                offer_in_return: str | None = "", neighbourhood_id: int | None, needs: Sequence[NeedInput],
                entered_for: str | None = None) -> Idea:
    """Change an idea while its round takes ideas. Its needs are fixed once partners pledged. An idea that was
    not approved goes back to the manager. Commits.

    Raises IdeaNotFound, NotAllowed, RoundClosed, RoundNotOpen, InvalidIdea, InvalidNeed or NeedsLocked.
    """
    idea = queries.get_idea(idea_id)
    if idea.hidden_at is not None or not permissions.can_edit_idea(actor, idea):
        raise NotAllowed()
    auction_round = idea.round
    now = utcnow()
    manager = permissions.can_manage_round(actor, auction_round)
    if not (manager and not auction_round.is_closed(now)):  # managers may also prepare ideas in a draft round
        auction_round.ensure_accepting(now)
    values = _checked_idea(auction_round, title=title, description=description, own_contribution=own_contribution,
                           offer_in_return=offer_in_return, neighbourhood_id=neighbourhood_id)
    checked_needs = _checked_needs(needs)
    if idea.entered_for is not None and manager:
        table = (entered_for or "").strip()
        if not table or len(table) > TABLE_NAME_MAX_LENGTH:
            raise InvalidIdea(_l("Enter the name of the neighbourhood table (at most %(n)s characters).",
                                 n=TABLE_NAME_MAX_LENGTH), field="entered_for")
        values["entered_for"] = table
    for key, value in values.items():
        setattr(idea, key, value)
    _apply_needs(idea, checked_needs)
    if idea.approval == Approval.REJECTED and not manager:
        idea.approval = Approval.PENDING
        idea.rejection_reason = None
        for person in active_managers():
            notifications.notify(person, "idea_awaiting_approval", url=idea_path(idea.id), message=_l(
                "A changed idea waits for your approval in “%(round)s”: “%(title)s”.", round=auction_round.name,
                title=idea.title))
    db.session.commit()
    return idea


@atomic
def review_idea(actor: User, idea_id: int, *, approve: bool, reason: str | None = None) -> Idea:
    """A manager approves an idea (it becomes public) or does not (with a reason for the author). Commits.

    Raises IdeaNotFound, NotAllowed, RoundClosed or InvalidIdea (no reason).
    """
    idea = queries.get_idea(idea_id)
    if not permissions.can_review_idea(actor, idea):
        raise NotAllowed()
    if idea.round.is_closed(utcnow()):
        raise RoundClosed(_l("This round has closed; its ideas can no longer be approved."))
    if approve:
        idea.approval = Approval.APPROVED
        idea.rejection_reason = None
        message = _l("Your idea “%(title)s” has been approved. Everyone can see it now, and partners can pledge.",
                     title=idea.title)
    else:
        text = clean(reason, limit=SHORT_TEXT_MAX_LENGTH, required=True, error=InvalidIdea, field="reason",
                     message=_l("Write in a few words why the idea is not approved. The author reads this."))
        if idea.active_pledges():
            raise InvalidIdea(_l("Partners have already pledged on this idea. Hide it through moderation instead."),
                              field="reason")
        idea.approval = Approval.REJECTED
        idea.rejection_reason = text
        message = _l("Your idea “%(title)s” has not been approved. The reason: %(reason)s\nYou can change the "
                     "idea and send it again.", title=idea.title, reason=_sentence(text))
    idea.reviewed_at = utcnow()
    idea.reviewed_by = actor
    audit.record(actor, "idea.approve" if approve else "idea.reject", IDEA_CONTENT_KEY, idea.id,
                 reason=None if approve else idea.rejection_reason, pc4=idea.area_pc4, subject=idea.author,
                 details={"title": idea.title, "round": idea.round_id})
    if idea.author_id != actor.id:
        notifications.notify(idea.author, "idea_reviewed", message=message, url=idea_path(idea.id))
    db.session.commit()
    return idea
