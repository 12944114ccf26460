"""Pledges on needs: by residents and organisations, recorded at an auction evening, withdrawn, decided."""

from __future__ import annotations

from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from wijkhulp import audit
from wijkhulp.accounts.models import User
from wijkhulp.accounts.permissions import require_can_post
from wijkhulp.accounts.services import find_by_email
from wijkhulp.database import guarded_update, utcnow
from wijkhulp.errors import Conflict, NotAllowed
from wijkhulp.extensions import db
from wijkhulp.ideas import permissions, queries
from wijkhulp.ideas.models import (GUEST_NAME_MAX_LENGTH, MAX_ESTIMATED_VALUE_CENTS, PLEDGE_TEXT_MAX_LENGTH,
                                   AmountOutOfRange, InvalidPledge, Need, NeedOverAccepted, NotTheOwner, Pledge,
                                   PledgeNotActive,
                                   PledgeStatus, RoundClosed, RoundNotClosed, RoundStatus, Unit, UnknownPartner,
                                   format_amount, guest_key, organisation_key, resident_key)
from wijkhulp.ideas.services._common import atomic, clean, close_if_due, idea_path
from wijkhulp.notifications import services as notifications
from wijkhulp.organisations import queries as organisation_queries
from wijkhulp.organisations.models import NotAMember, Organisation


def _checked_pledge(need: Need, *, amount: int | None, description: str | None, estimated_value_cents: int | None,
                    conditions: str | None) -> dict[str, Any]:
    if amount is None or not 1 <= amount <= need.quantity:
        raise AmountOutOfRange(_l("Enter a whole number from 1 to %(max)s: that is what this idea needs.",
                                  max=LazyString(format_amount, need.quantity, need.unit)), field="amount")
    if estimated_value_cents is not None and not 0 <= estimated_value_cents <= MAX_ESTIMATED_VALUE_CENTS:
        raise InvalidPledge(_l("Enter an estimated value from 0 to 1,000,000 euros, or leave it empty."),
                            field="estimated_value")
    text = clean(description, limit=PLEDGE_TEXT_MAX_LENGTH, required=False, error=InvalidPledge,
                 field="description", message=_l("Use at most %(n)s characters.", n=PLEDGE_TEXT_MAX_LENGTH))
    terms = clean(conditions, limit=PLEDGE_TEXT_MAX_LENGTH, required=False, error=InvalidPledge,
                  field="conditions", message=_l("Use at most %(n)s characters.", n=PLEDGE_TEXT_MAX_LENGTH))
    if need.unit == Unit.EURO:
        estimated_value_cents = amount * 100  # money is worth what it says
    return {"amount": amount, "description": text, "estimated_value_cents": estimated_value_cents,
            "conditions": terms or None}


def _partner_recipients(pledge: Pledge) -> list[User]:
    """Who hears about a decision on a pledge: the resident, or the member who pledged (else the coordinators)."""
    if pledge.guest_name is not None:
        return []
    if pledge.user is not None:
        return [pledge.user]
    if pledge.organisation is not None:
        return [m.user for m in pledge.organisation.coordinators]
    return []


def _store_pledge(need: Need, *, partner_key: str, values: dict[str, Any], organisation: Organisation | None,
                  user: User | None, guest_name: str | None, recorded_by: User | None) -> tuple[Pledge, bool]:
    """Insert the partner's pledge on this need, or replace the one it has (one row per partner per need: the
    unique constraint makes a simultaneous second insert fail instead of adding a second pledge). Flush only."""
    pledge = db.session.scalar(select(Pledge).where(Pledge.need_id == need.id, Pledge.partner_key == partner_key)
                               .with_for_update())
    replaced = pledge is not None and pledge.is_active
    if pledge is None:
        pledge = Pledge(need=need, partner_key=partner_key)
        db.session.add(pledge)
    for key, value in values.items():
        setattr(pledge, key, value)
    pledge.organisation = organisation
    pledge.user = user
    pledge.guest_name = guest_name
    pledge.recorded_by = recorded_by
    pledge.status = PledgeStatus.OFFERED
    pledge.withdrawn_at = None
    pledge.updated_at = utcnow()
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_l("Your pledge was sent twice at the same moment. Please check it and try again."),
                       field="amount") from None
    return pledge, replaced


def _tell_owner_about(pledge: Pledge, *, replaced: bool, actor: User) -> None:
    idea = pledge.need.idea
    if idea.author_id == actor.id:
        return
    amount = LazyString(format_amount, pledge.amount, pledge.need.unit)
    if replaced:
        message = _l("%(partner)s changed their pledge on your idea “%(title)s”: now %(amount)s for “%(need)s”.",
                     partner=pledge.partner_name, title=idea.title, amount=amount, need=pledge.need.description)
    else:
        message = _l("%(partner)s pledged %(amount)s for “%(need)s” on your idea “%(title)s”.",
                     partner=pledge.partner_name, title=idea.title, amount=amount, need=pledge.need.description)
    notifications.notify(idea.author, "idea_pledge", message=message, url=idea_path(idea.id))


def _pledgeable_need(idea_id: int, need_id: int) -> Need:
    idea = queries.get_idea(idea_id)
    need = queries.get_need(idea, need_id)
    idea.ensure_accepting_pledges(utcnow())
    return need


@atomic
def make_pledge(actor: User, idea_id: int, need_id: int, *, organisation_id: int | None = None,
                amount: int | None, description: str | None = "", estimated_value_cents: int | None = None,
                conditions: str | None = None) -> tuple[Pledge, bool]:
    """Pledge on a need as a resident, or for an organisation the actor is a member of. A second pledge by the
    same partner on the same need replaces the first. Returns the pledge and whether it replaced one. Commits.

    Raises NotAllowed, IdeaNotFound, NeedNotFound, IdeaNotOpenForPledges, RoundNotOpen, RoundClosed,
    OrganisationNotFound, OrganisationNotVerified, NotAMember, AmountOutOfRange or InvalidPledge.
    """
    require_can_post(actor)  # the view asks poster_refusal first
    need = _pledgeable_need(idea_id, need_id)
    organisation = None
    if organisation_id is not None:
        organisation = organisation_queries.get_organisation(organisation_id)
        organisation.ensure_can_act()
        if not permissions.can_pledge_for(actor, organisation):
            raise NotAMember()
        key = organisation_key(organisation.id)
    else:
        if need.idea.author_id == actor.id and need.idea.entered_for is None:
            raise InvalidPledge(_l("This is your own idea. Write what you do yourself in the idea; partners pledge "
                                   "the rest."), field="partner")
        key = resident_key(actor.id)
    values = _checked_pledge(need, amount=amount, description=description,
                             estimated_value_cents=estimated_value_cents, conditions=conditions)
    pledge, replaced = _store_pledge(need, partner_key=key, values=values, organisation=organisation, user=actor,
                                     guest_name=None, recorded_by=None)
    _tell_owner_about(pledge, replaced=replaced, actor=actor)
    db.session.commit()
    return pledge, replaced


@atomic
def update_pledge(actor: User, pledge_id: int, *, amount: int | None, description: str | None = "",
                  estimated_value_cents: int | None = None, conditions: str | None = None) -> Pledge:
    """Change an active pledge while the round is open (it stays the partner's one pledge). Commits.

    Raises PledgeNotFound, NotAllowed, PledgeNotActive, IdeaNotOpenForPledges, RoundClosed, AmountOutOfRange or
    InvalidPledge.
    """
    pledge = queries.get_pledge(pledge_id)
    if not permissions.can_change_pledge(actor, pledge):
        raise NotAllowed()
    if pledge.organisation is not None and not permissions.can_manage_round(actor, pledge.need.idea.round):
        pledge.organisation.ensure_can_act()
    if not pledge.is_active:
        raise PledgeNotActive()
    need = pledge.need
    need.idea.ensure_accepting_pledges(utcnow())
    values = _checked_pledge(need, amount=amount, description=description,
                             estimated_value_cents=estimated_value_cents, conditions=conditions)
    for key, value in values.items():
        setattr(pledge, key, value)
    pledge.updated_at = utcnow()
    _tell_owner_about(pledge, replaced=True, actor=actor)
    db.session.commit()
    return pledge


@atomic
def withdraw_pledge(actor: User, pledge_id: int) -> Pledge:
    """Withdraw a pledge before the round closes. Commits.

    Raises PledgeNotFound, NotAllowed, PledgeNotActive, RoundClosed or IdeaNotOpenForPledges.
    """
    pledge = queries.get_pledge(pledge_id)
    if not permissions.can_change_pledge(actor, pledge):
        raise NotAllowed()
    if not pledge.is_active:
        raise PledgeNotActive()
    idea = pledge.need.idea
    if idea.round.is_closed(utcnow()):
        raise RoundClosed(_l("The round has closed, so the pledge can no longer be withdrawn. Contact the owner of "
                             "the idea or the community manager."))
    pledge.status = PledgeStatus.WITHDRAWN
    pledge.withdrawn_at = utcnow()
    if idea.author_id != actor.id:
        notifications.notify(idea.author, "idea_pledge", url=idea_path(idea.id), message=_l(
            "%(partner)s withdrew their pledge for “%(need)s” on your idea “%(title)s”.",
            partner=pledge.partner_name, need=pledge.need.description, title=idea.title))
    db.session.commit()
    return pledge


@atomic
def record_pledge(actor: User, idea_id: int, need_id: int, *, organisation_id: int | None = None,
                  resident_email: str | None = None, guest_name: str | None = None, amount: int | None,
                  description: str | None = "", estimated_value_cents: int | None = None,
                  conditions: str | None = None) -> tuple[Pledge, bool]:
    """At an auction evening a manager records a pledge made aloud, on behalf of a verified organisation, a
    resident with an account, or a guest (a name). Like make_pledge, it replaces the partner's earlier pledge on
    the need. Commits.

    Raises NotAllowed, IdeaNotFound, NeedNotFound, IdeaNotOpenForPledges, RoundClosed, UnknownPartner,
    OrganisationNotVerified, AmountOutOfRange or InvalidPledge.
    """
    need = _pledgeable_need(idea_id, need_id)
    if not permissions.can_record_pledges(actor, need.idea.round):
        raise NotAllowed()
    chosen = [bool(organisation_id), bool((resident_email or "").strip()), bool((guest_name or "").strip())]
    if sum(chosen) != 1:
        raise UnknownPartner(_l("Choose one partner: an organisation, a resident with an account, or a guest."),
                             field="partner")
    organisation = user = None
    guest = None
    if organisation_id:
        organisation = organisation_queries.get_organisation(organisation_id)
        organisation.ensure_can_act()
        key = organisation_key(organisation.id)
    elif (resident_email or "").strip():
        user = find_by_email(resident_email or "")
        if user is None or not user.is_active:
            raise UnknownPartner(_l("There is no resident with this e-mail address. Record the pledge as a guest "
                                    "instead."), field="resident_email")
        key = resident_key(user.id)
    else:
        guest = " ".join((guest_name or "").split())
        if len(guest) > GUEST_NAME_MAX_LENGTH:
            raise UnknownPartner(_l("Use at most %(n)s characters.", n=GUEST_NAME_MAX_LENGTH), field="guest_name")
        key = guest_key(guest)
    values = _checked_pledge(need, amount=amount, description=description,
                             estimated_value_cents=estimated_value_cents, conditions=conditions)
    pledge, replaced = _store_pledge(need, partner_key=key, values=values, organisation=organisation, user=user,
                                     guest_name=guest, recorded_by=actor)
    _tell_owner_about(pledge, replaced=replaced, actor=actor)
    audit.record(actor, "pledge.record", "pledge", pledge.id, pc4=need.idea.area_pc4,
                 details={"idea": need.idea.id, "need": need.id, "partner": pledge.partner_name,
                          "amount": pledge.amount, "unit": need.unit.value, "replaced": replaced})
    partners = [user] if user is not None else [m.user for m in organisation.memberships] if organisation else []
    for person in partners:
        if person.id != actor.id:
            notifications.notify(person, "pledge_recorded", url=idea_path(need.idea.id), message=_l(
                "At the auction evening the community manager recorded a pledge for %(partner)s: %(amount)s for "
                "“%(need)s” on the idea “%(title)s”. Is something not right? You can change or withdraw it until "
                "the round closes.", partner=pledge.partner_name, amount=LazyString(format_amount, pledge.amount,
                                                                                    need.unit),
                need=need.description, title=need.idea.title))
    db.session.commit()
    return pledge, replaced


def _lock_need(need_id: int) -> None:
    """Take the need's row lock (a no-op UPDATE) until the commit: two people accepting pledges on one need at the
    same moment go one after the other, and the second reads what the first accepted. Flush level."""
    db.session.flush()
    guarded_update(Need, need_id, values={"quantity": Need.quantity})
    db.session.expire_all()  # read everything again, after the lock


def _accepted_elsewhere(need_id: int, pledge_id: int) -> int:
    return int(db.session.scalar(select(func.coalesce(func.sum(Pledge.amount), 0)).where(
        Pledge.need_id == need_id, Pledge.status == PledgeStatus.ACCEPTED, Pledge.id != pledge_id)) or 0)


@atomic
def decide_pledge(actor: User, pledge_id: int, *, accept: bool) -> Pledge:
    """After closing, the idea's owner or a manager accepts or declines a pledge (and may change their mind).
    More may be offered than a need asks, but the accepted total of a need never exceeds its quantity: the need
    is locked while deciding, so two people accepting at once cannot both pass. The idea's outcome follows; the
    partner is told. Commits.

    Raises PledgeNotFound, NotTheOwner, RoundNotClosed, PledgeNotActive (withdrawn) or NeedOverAccepted.
    """
    pledge = queries.get_pledge(pledge_id)
    idea = pledge.need.idea
    if idea.hidden_at is not None and not permissions.can_manage_round(actor, idea.round):
        raise NotTheOwner()
    if not permissions.can_decide_pledges(actor, idea):
        raise NotTheOwner()
    now = utcnow()
    close_if_due(idea.round, now)
    if idea.round.status != RoundStatus.CLOSED:
        raise RoundNotClosed()
    if accept:
        _lock_need(pledge.need_id)
        pledge = queries.get_pledge(pledge_id)
        idea = pledge.need.idea
    if pledge.status == PledgeStatus.WITHDRAWN:
        raise PledgeNotActive()
    if accept and pledge.status != PledgeStatus.ACCEPTED and (
            _accepted_elsewhere(pledge.need_id, pledge.id) + pledge.amount > pledge.need.quantity):
        raise NeedOverAccepted()
    new_status = PledgeStatus.ACCEPTED if accept else PledgeStatus.DECLINED
    if pledge.status == new_status:
        db.session.commit()  # the lazy closing above, if it ran
        return pledge
    pledge.status = new_status
    pledge.decided_at = now
    pledge.decided_by = actor
    db.session.flush()
    idea.outcome = idea.compute_outcome()
    amount = LazyString(format_amount, pledge.amount, pledge.need.unit)
    if accept:
        message = _l("Your pledge of %(amount)s for “%(need)s” on the idea “%(title)s” has been accepted. Thank you! "
                     "The owner of the idea will contact you.", amount=amount, need=pledge.need.description,
                     title=idea.title)
    else:
        message = _l("Your pledge of %(amount)s for “%(need)s” on the idea “%(title)s” has been declined. Thank you "
                     "for offering it.", amount=amount, need=pledge.need.description, title=idea.title)
    for person in _partner_recipients(pledge):
        if person.id != actor.id:
            notifications.notify(person, "pledge_decided", message=message, url=idea_path(idea.id))
    db.session.commit()
    return pledge
