"""Reads: organisations, memberships and invitations (hidden organisations are left out here)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from wijkhulp.accounts.permissions import can_post
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.organisations.models import (Invitation, InvitationNotFound, InvitationStatus, Membership,
                                           Organisation, OrganisationNotFound, OrganisationType)

if TYPE_CHECKING:
    from wijkhulp.accounts.models import User


def get_organisation(organisation_id: int) -> Organisation:
    """Any organisation, also hidden or not verified (check `can_view_organisation`). Raises OrganisationNotFound."""
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        raise OrganisationNotFound()
    return organisation


def verified_organisations(*, type: OrganisationType | None = None) -> list[Organisation]:
    """The public list of partners: verified and not hidden, by name."""
    query = (select(Organisation).where(Organisation.verified_at.is_not(None), Organisation.hidden_at.is_(None))
             .order_by(Organisation.name_key))
    if type is not None:
        query = query.where(Organisation.type == type)
    return list(db.session.scalars(query))


def organisations_of(user: Any) -> list[Organisation]:
    """The verified, visible organisations this person may act for (an active member), by name."""
    if not can_post(user):
        return []
    return list(db.session.scalars(
        select(Organisation).join(Membership)
        .where(Membership.user_id == user.id, Organisation.verified_at.is_not(None),
               Organisation.hidden_at.is_(None))
        .order_by(Organisation.name_key)))


def memberships_of(user: Any) -> list[Membership]:
    """All of the person's memberships, also of organisations still waiting for a check."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(db.session.scalars(
        select(Membership).join(Organisation).options(selectinload(Membership.organisation))
        .where(Membership.user_id == user.id, Organisation.hidden_at.is_(None))
        .order_by(Organisation.name_key)))


def open_invitations_for(user: Any) -> list[Invitation]:
    """Invitations to the person's (confirmed) e-mail address that can still be accepted."""
    if not getattr(user, "is_authenticated", False) or not user.is_verified:
        return []
    return list(db.session.scalars(
        select(Invitation).join(Organisation).options(selectinload(Invitation.organisation))
        .where(Invitation.email == user.email.lower(), Invitation.status == InvitationStatus.PENDING,
               Invitation.expires_at > utcnow(), Organisation.hidden_at.is_(None))
        .order_by(Invitation.created_at)))


def pending_invitations(organisation: Organisation) -> list[Invitation]:
    now = utcnow()
    return [i for i in organisation.invitations if i.is_open(now)]


def get_invitation(invitation_id: int) -> Invitation:
    """Raises InvitationNotFound."""
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.organisation.hidden_at is not None:
        raise InvitationNotFound()
    return invitation


def awaiting_review() -> list[Organisation]:
    """Registered organisations that no manager has checked yet, oldest first."""
    return list(db.session.scalars(
        select(Organisation).where(Organisation.verified_at.is_(None), Organisation.declined_at.is_(None),
                                   Organisation.hidden_at.is_(None))
        .order_by(Organisation.created_at)))


def recently_reviewed(limit: int = 20) -> list[Organisation]:
    return list(db.session.scalars(
        select(Organisation).where((Organisation.verified_at.is_not(None)) | (Organisation.declined_at.is_not(None)))
        .order_by(func.coalesce(Organisation.verified_at, Organisation.declined_at).desc()).limit(limit)))


def find_by_name_key(key: str) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(Organisation.name_key == key))


def find_by_kvk(kvk_number: str) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(Organisation.kvk_number == kvk_number))


def member_users(organisation: Organisation) -> list[User]:
    return [m.user for m in organisation.memberships]
