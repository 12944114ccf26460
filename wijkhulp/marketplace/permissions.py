"""Who may see and do what in the marketplace. Blocks between residents are checked by the services (they need
the database); these functions look at the person and the object, and at a manager's neighbourhoods."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wijkhulp.accounts.permissions import can_manage, can_post, is_signed_in
from wijkhulp.neighbourhoods.queries import manager_pc4s

if TYPE_CHECKING:
    from wijkhulp.marketplace.models import Listing, Response


def is_owner(user: Any, listing: Listing) -> bool:
    return is_signed_in(user) and listing.author_id == user.id


def in_manager_scope(user: Any, pc4: str | None) -> bool:
    """A community manager acts in the PC4 areas of their neighbourhoods; admins everywhere."""
    if not can_manage(user):
        return False
    scope = manager_pc4s(user)
    return scope is None or (pc4 is not None and pc4 in scope)


def can_view_listing(user: Any, listing: Listing) -> bool:
    """Hidden listings (moderation) are visible to their owner and to the community managers of their area."""
    return listing.hidden_at is None or is_owner(user, listing) or in_manager_scope(user, listing.pc4)


def can_create_listing(user: Any) -> bool:
    return can_post(user)


def can_post_assisted(user: Any) -> bool:
    """A community manager may post a request for a resident who phoned or came by."""
    return can_post(user) and can_manage(user)


def can_edit_listing(user: Any, listing: Listing) -> bool:
    """Only the owner changes, withdraws or renews, and only with an active account."""
    return is_owner(user, listing) and user.is_active


def can_respond(user: Any, listing: Listing) -> bool:
    """A verified resident reacts to someone else's visible listing (openness is checked by the service)."""
    return can_post(user) and not is_owner(user, listing) and listing.hidden_at is None


def is_party(user: Any, response: Response) -> bool:
    return is_signed_in(user) and user.id in response.party_ids()


def can_view_thread(user: Any, response: Response) -> bool:
    """A reaction's thread is for its two parties only."""
    return is_party(user, response)


def can_decide(user: Any, response: Response) -> bool:
    """The listing's owner accepts or declines reactions."""
    return is_signed_in(user) and user.is_active and response.listing.author_id == user.id


def can_message(user: Any, response: Response) -> bool:
    return is_party(user, response) and can_post(user)


def can_manage_marketplace(user: Any) -> bool:
    """Community managers see unanswered requests and ask helpers (in their neighbourhoods: in_manager_scope)."""
    return can_manage(user)


def can_manage_listing(user: Any, listing: Listing) -> bool:
    """Ask helpers for this request, post for a resident here: a manager of its area, or an admin."""
    return in_manager_scope(user, listing.pc4)
