"""Organisation rules: register, check (verify), change, invite members, accept, leave. Each public function commits.

An `actor` is the signed-in person; refusals are DomainErrors and leave nothing stored.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from wijkhulp import audit
from wijkhulp.accounts.models import Role, User
from wijkhulp.accounts.permissions import can_post
from wijkhulp.accounts.services import find_by_email, normalise_email
from wijkhulp.database import utcnow
from wijkhulp.errors import Conflict, InvalidInput, NotAllowed
from wijkhulp.extensions import db
from wijkhulp.notifications import services as notifications
from wijkhulp.organisations import permissions, queries
from wijkhulp.organisations.models import (DESCRIPTION_MAX_LENGTH, INVITATION_DAYS, NAME_MAX_LENGTH,
                                           REASON_MAX_LENGTH, AlreadyMember, AlreadyVerified, DuplicateKvkNumber,
                                           DuplicateOrganisation, InvalidDescription,
                                           InvalidOrganisationName, InvalidOrganisationType, InvalidReason,
                                           Invitation, InvitationClosed, InvitationForSomeoneElse,
                                           InvitationNotFound, InvitationStatus, LastCoordinator, MemberNotFound,
                                           MemberRole, Membership, Organisation, OrganisationType, clean_name,
                                           name_key, normalise_kvk, normalise_website)
from wijkhulp.organisations.services.personal_data import erase_user_data as erase_user_data  # still services.X
from wijkhulp.organisations.services.personal_data import export_user_data as export_user_data


# Site paths, for links in notifications (services do not use url_for; tests check these match the routes).
def organisation_path(organisation_id: int) -> str:
    return f"/organisations/{organisation_id}"


def invitation_path(invitation_id: int) -> str:
    return f"/organisations/invitations/{invitation_id}"


CHOOSE_ROLE = _l("Choose member or coordinator.")
REVIEW_PATH = "/organisations/review"
REGISTER_PATH = "/register"


# ---------------------------------------------------------------- helpers (flush only)

def _require_signed_in_poster(actor: Any) -> None:
    if not permissions.can_register_organisation(actor):
        raise NotAllowed()


def _checked_details(*, name: str, type: str | OrganisationType, description: str | None, website: str | None,
                     kvk_number: str | None, keep_id: int | None = None) -> dict[str, Any]:
    """Every field checked at once; the first problem is raised (with its field)."""
    clean = clean_name(name)
    key = name_key(clean)
    if not key or len(clean) > NAME_MAX_LENGTH:
        raise InvalidOrganisationName(field="name")
    try:
        kind = OrganisationType(type)
    except ValueError:
        raise InvalidOrganisationType(field="type") from None
    text = (description or "").strip()
    if len(text) > DESCRIPTION_MAX_LENGTH:
        raise InvalidDescription(field="description")
    site = normalise_website(website)
    kvk = normalise_kvk(kvk_number)
    other = queries.find_by_name_key(key)
    if other is not None and other.id != keep_id:
        raise DuplicateOrganisation(field="name")
    if kvk is not None:
        other = queries.find_by_kvk(kvk)
        if other is not None and other.id != keep_id:
            raise DuplicateKvkNumber(field="kvk_number")
    return {"name": clean, "name_key": key, "type": kind, "description": text, "website": site, "kvk_number": kvk}


def _flush_unique() -> None:
    """The unique name and KvK constraints fire here, also when two people register at the same moment."""
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise DuplicateOrganisation(field="name") from None


def _active_managers() -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.role.in_([Role.MANAGER, Role.ADMIN]), User.blocked_at.is_(None),
                           User.deleted_at.is_(None)).order_by(User.id)))


def _ask_managers_to_check(organisation: Organisation) -> None:
    for manager in _active_managers():
        notifications.notify(
            manager, "organisation_review",
            message=_l("“%(name)s” registered as an organisation. Please check it.", name=organisation.name),
            url=REVIEW_PATH)


def _tell_coordinators(organisation: Organisation, event: str, message: Any, *, skip: Any = None) -> None:
    for membership in organisation.coordinators:
        if skip is not None and membership.user_id == getattr(skip, "id", None):
            continue
        notifications.notify(membership.user, event, message=message, url=organisation_path(organisation.id))


def _audit(actor: User, action: str, organisation: Organisation, reason: str = "") -> None:
    creator = organisation.created_by
    audit.record(actor, action, "organisation", organisation.id, reason=reason,
                 pc4=creator.pc4 if creator is not None else None,
                 details={"name": organisation.name, "kvk_number": organisation.kvk_number})


def _get(organisation_id: int) -> Organisation:
    return queries.get_organisation(organisation_id)


def _membership(organisation: Organisation, membership_id: int) -> Membership:
    membership = next((m for m in organisation.memberships if m.id == membership_id), None)
    if membership is None:
        raise MemberNotFound()
    return membership


# ---------------------------------------------------------------- register, change, check

def register_organisation(actor: User, *, name: str, type: str | OrganisationType, description: str | None = "",
                          website: str | None = None, kvk_number: str | None = None) -> Organisation:
    """Register an organisation with the actor as its coordinator; managers are asked to check it. Commits.

    Raises NotAllowed, InvalidOrganisationName, InvalidOrganisationType, InvalidDescription, InvalidWebsite,
    InvalidKvkNumber, DuplicateOrganisation or DuplicateKvkNumber.
    """
    _require_signed_in_poster(actor)
    details = _checked_details(name=name, type=type, description=description, website=website,
                               kvk_number=kvk_number)
    organisation = Organisation(created_by=actor, **details)
    organisation.memberships.append(Membership(user=actor, role=MemberRole.COORDINATOR))
    db.session.add(organisation)
    _flush_unique()
    _ask_managers_to_check(organisation)
    db.session.commit()
    return organisation


def update_organisation(actor: User, organisation_id: int, *, name: str, type: str | OrganisationType,
                        description: str | None = "", website: str | None = None,
                        kvk_number: str | None = None) -> Organisation:
    """Change the details. A new name or KvK number by a coordinator needs a new check by a manager. Commits.

    Raises OrganisationNotFound, NotAllowed and the refusals of register_organisation.
    """
    organisation = _get(organisation_id)
    if not permissions.can_edit_organisation(actor, organisation):
        raise NotAllowed()
    details = _checked_details(name=name, type=type, description=description, website=website,
                               kvk_number=kvk_number, keep_id=organisation.id)
    identity_changed = (details["name_key"] != organisation.name_key
                        or details["kvk_number"] != organisation.kvk_number)
    for key, value in details.items():
        setattr(organisation, key, value)
    recheck = identity_changed and not permissions.can_verify_organisation(actor, organisation)
    if recheck and (organisation.verified_at is not None or organisation.declined_at is not None):
        organisation.verified_at = None
        organisation.verified_by = None
        organisation.declined_at = None
        organisation.decline_reason = None
    _flush_unique()
    if recheck:
        _ask_managers_to_check(organisation)
    db.session.commit()
    return organisation


def verify_organisation(actor: User, organisation_id: int) -> Organisation:
    """A manager confirms the organisation is real; from now on its members can act for it. Commits.

    Raises OrganisationNotFound, NotAllowed or AlreadyVerified.
    """
    organisation = _get(organisation_id)
    if not permissions.can_verify_organisation(actor, organisation):
        raise NotAllowed()
    if organisation.verified_at is not None:
        raise AlreadyVerified()
    organisation.verified_at = utcnow()
    organisation.verified_by = actor
    organisation.declined_at = None
    organisation.decline_reason = None
    _audit(actor, "organisation.verify", organisation)
    _tell_coordinators(organisation, "organisation_checked", _l(
        "Good news: “%(name)s” has been checked. Members can now act on behalf of the organisation.",
        name=organisation.name))
    db.session.commit()
    return organisation


def decline_organisation(actor: User, organisation_id: int, *, reason: str) -> Organisation:
    """A manager does not (or no longer) accept the organisation, with a reason for its coordinators. Commits.

    Raises OrganisationNotFound, NotAllowed or InvalidReason.
    """
    organisation = _get(organisation_id)
    if not permissions.can_verify_organisation(actor, organisation):
        raise NotAllowed()
    text = (reason or "").strip()
    if not text or len(text) > REASON_MAX_LENGTH:
        raise InvalidReason(field="reason")
    organisation.verified_at = None
    organisation.verified_by = None
    organisation.declined_at = utcnow()
    organisation.decline_reason = text
    _audit(actor, "organisation.decline", organisation, reason=text)
    _tell_coordinators(organisation, "organisation_checked", _l(
        "The community manager did not approve “%(name)s” (yet). The reason: %(reason)s",
        name=organisation.name, reason=text))
    db.session.commit()
    return organisation


# ---------------------------------------------------------------- members and invitations

def invite_member(actor: User, organisation_id: int, *, email: str,
                  role: str | MemberRole = MemberRole.MEMBER) -> Invitation:
    """Invite an e-mail address; a person with an account gets a message, others an e-mail. Inviting the same
    address again renews the invitation. Commits.

    Raises OrganisationNotFound, NotAllowed, InvalidEmail or AlreadyMember.
    """
    organisation = _get(organisation_id)
    if not permissions.can_manage_members(actor, organisation):
        raise NotAllowed()
    address = normalise_email(email, field="email")
    try:
        member_role = MemberRole(role)
    except ValueError:
        raise InvalidInput(CHOOSE_ROLE, field="role") from None
    invitee = find_by_email(address)
    if invitee is not None and organisation.membership_of(invitee) is not None:
        raise AlreadyMember(field="email")
    now = utcnow()
    invitation = db.session.scalar(select(Invitation).where(Invitation.organisation_id == organisation.id,
                                                            Invitation.email == address))
    if invitation is None:
        invitation = Invitation(organisation=organisation, email=address, created_at=now,
                                expires_at=now + timedelta(days=INVITATION_DAYS))
        db.session.add(invitation)
    invitation.renew(now, member_role, actor)
    try:
        db.session.flush()
    except IntegrityError:  # the same address invited twice at the same moment
        db.session.rollback()
        raise Conflict(field="email") from None
    path = invitation_path(invitation.id)
    if invitee is not None and not invitee.is_deleted:
        notifications.notify(invitee, "organisation_invitation", url=path, message=_l(
            "%(person)s invites you to join “%(name)s” as %(role)s. Open the invitation to accept or decline it.",
            person=actor.display_name, name=organisation.name, role=invitation.role_label))
    else:
        notifications.queue_mail(
            to=address,
            subject=_l("Invitation to join %(name)s", name=organisation.name),
            body=_l("Hello,\n\n%(person)s invites you to join “%(name)s” on %(site)s, the site where neighbours "
                    "and local organisations help each other.\n\nTo accept, first create an account with this "
                    "e-mail address (%(email)s): %(register)s\n\nThen open the invitation: %(link)s\n\nThe "
                    "invitation is valid for %(days)s days. Not interested? Then you can ignore this e-mail.",
                    person=actor.display_name, name=organisation.name, site=notifications.site_name(),
                    email=address, register=notifications.absolute_url(REGISTER_PATH),
                    link=notifications.absolute_url(path), days=INVITATION_DAYS))
    db.session.commit()
    return invitation


def revoke_invitation(actor: User, organisation_id: int, invitation_id: int) -> Invitation:
    """Withdraw an open invitation. Commits. Raises OrganisationNotFound, NotAllowed or InvitationNotFound."""
    organisation = _get(organisation_id)
    if not permissions.can_manage_members(actor, organisation):
        raise NotAllowed()
    invitation = next((i for i in organisation.invitations if i.id == invitation_id), None)
    if invitation is None or invitation.status != InvitationStatus.PENDING:
        raise InvitationNotFound()
    invitation.status = InvitationStatus.REVOKED
    invitation.answered_at = utcnow()
    db.session.commit()
    return invitation


def _open_invitation_for(actor: User, invitation_id: int, now: datetime) -> Invitation:
    if not can_post(actor):
        raise NotAllowed()
    invitation = queries.get_invitation(invitation_id)
    if invitation.email != (actor.email or "").lower():
        raise InvitationForSomeoneElse()
    if not invitation.is_open(now):
        raise InvitationClosed()
    return invitation


def accept_invitation(actor: User, invitation_id: int) -> Membership:
    """The invited person joins the organisation. Commits.

    Raises NotAllowed (no confirmed account), InvitationNotFound, InvitationForSomeoneElse or InvitationClosed.
    """
    now = utcnow()
    invitation = _open_invitation_for(actor, invitation_id, now)
    organisation = invitation.organisation
    invitation.status = InvitationStatus.ACCEPTED
    invitation.answered_at = now
    membership = organisation.membership_of(actor)
    if membership is None:
        membership = Membership(organisation=organisation, user=actor, role=invitation.role)
        db.session.add(membership)
    elif invitation.role == MemberRole.COORDINATOR:
        membership.role = MemberRole.COORDINATOR
    try:
        db.session.flush()
    except IntegrityError:  # accepted twice at the same moment
        db.session.rollback()
        raise Conflict() from None
    # every coordinator hears who joined (and the inviter, should they no longer be one)
    told = {actor.id}
    inviter = invitation.invited_by
    for person in [m.user for m in organisation.coordinators] + ([inviter] if inviter is not None else []):
        if person is None or person.id in told:
            continue
        told.add(person.id)
        notifications.notify(person, "organisation_member_joined", url=f"{organisation_path(organisation.id)}/members",
                             message=_l("%(person)s joined “%(name)s” as %(role)s.", person=actor.display_name,
                                        name=organisation.name, role=membership.role_label))
    db.session.commit()
    return membership


def decline_invitation(actor: User, invitation_id: int) -> Invitation:
    """The invited person says no. Commits. Raises like accept_invitation."""
    now = utcnow()
    invitation = _open_invitation_for(actor, invitation_id, now)
    invitation.status = InvitationStatus.DECLINED
    invitation.answered_at = now
    db.session.commit()
    return invitation


def _ensure_a_coordinator_remains(organisation: Organisation, leaving: Membership) -> None:
    if leaving.is_coordinator and len(organisation.coordinators) <= 1 and len(organisation.memberships) > 1:
        raise LastCoordinator()


def change_member_role(actor: User, organisation_id: int, membership_id: int, *,
                       role: str | MemberRole) -> Membership:
    """Make a member coordinator, or a coordinator member. Commits.

    Raises OrganisationNotFound, NotAllowed, MemberNotFound or LastCoordinator.
    """
    organisation = _get(organisation_id)
    if not permissions.can_manage_members(actor, organisation):
        raise NotAllowed()
    membership = _membership(organisation, membership_id)
    try:
        new_role = MemberRole(role)
    except ValueError:
        raise InvalidInput(CHOOSE_ROLE, field="role") from None
    if new_role == MemberRole.MEMBER and membership.is_coordinator and len(organisation.coordinators) <= 1:
        raise LastCoordinator()
    membership.role = new_role
    db.session.commit()
    return membership


def remove_member(actor: User, organisation_id: int, membership_id: int) -> Organisation:
    """Remove a member, or leave yourself. Commits.

    Raises OrganisationNotFound, NotAllowed, MemberNotFound or LastCoordinator.
    """
    organisation = _get(organisation_id)
    membership = _membership(organisation, membership_id)
    leaving_self = membership.user_id == getattr(actor, "id", None)
    if not (leaving_self or permissions.can_manage_members(actor, organisation)):
        raise NotAllowed()
    _ensure_a_coordinator_remains(organisation, membership)
    organisation.memberships.remove(membership)
    db.session.commit()
    return organisation
