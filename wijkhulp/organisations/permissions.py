"""Who may do what with organisations. Organisations have no area, so every community manager may verify or decline
one; but a manager is never a member by that role: editing, inviting and acting in an organisation's name are for
its own coordinators and members."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wijkhulp.accounts.permissions import can_manage, can_post

if TYPE_CHECKING:
    from wijkhulp.organisations.models import Organisation


def is_member(user: Any, organisation: Organisation) -> bool:
    return can_post(user) and organisation.membership_of(user) is not None


def is_coordinator(user: Any, organisation: Organisation) -> bool:
    membership = organisation.membership_of(user) if can_post(user) else None
    return membership is not None and membership.is_coordinator


def can_register_organisation(user: Any) -> bool:
    return can_post(user)


def can_act_for(user: Any, organisation: Organisation) -> bool:
    """Pledge, offer or ask in the organisation's name: an active member of a verified, visible organisation."""
    return (is_member(user, organisation) and organisation.verified_at is not None
            and organisation.hidden_at is None)


def can_verify_organisation(user: Any, organisation: Organisation) -> bool:
    return can_manage(user)


def can_edit_organisation(user: Any, organisation: Organisation) -> bool:
    return is_coordinator(user, organisation)


def can_manage_members(user: Any, organisation: Organisation) -> bool:
    """Invite, change roles, remove: its coordinators only (never a manager by that role)."""
    return is_coordinator(user, organisation)


def can_view_members(user: Any, organisation: Organisation) -> bool:
    return is_member(user, organisation) or can_manage(user)


def can_view_organisation(user: Any, organisation: Organisation) -> bool:
    """Verified and visible: everyone. Otherwise its members and the community managers."""
    if organisation.verified_at is not None and organisation.hidden_at is None:
        return True
    return can_manage(user) or (organisation.hidden_at is None and is_member(user, organisation))
