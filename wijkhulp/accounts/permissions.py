"""Who may do what with accounts and site administration."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wijkhulp.errors import DomainError, NotAllowed


def is_signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def can_administer(user: Any) -> bool:
    return is_signed_in(user) and user.is_active and user.is_admin


def can_manage(user: Any) -> bool:
    return is_signed_in(user) and user.is_active and user.is_manager


def can_post(user: Any) -> bool:
    """Posting, reacting, pledging and joining need a verified, unblocked account."""
    return is_signed_in(user) and user.is_active and user.is_verified


def post_refusal(user: Any, unverified: Callable[[], DomainError] = NotAllowed) -> DomainError | None:
    """can_post as a refusal, for a service to raise and a view to explain before showing a form: None when this
    person may post; NotAllowed when not signed in or blocked; `unverified()` (the feature's NotVerified) when only
    the e-mail address is not confirmed yet."""
    if can_post(user):
        return None
    if is_signed_in(user) and user.is_active:
        return unverified()
    return NotAllowed()


def require_can_post(user: Any, unverified: Callable[[], DomainError] = NotAllowed) -> None:
    """Raise the refusal of post_refusal, if any."""
    refusal = post_refusal(user, unverified)
    if refusal is not None:
        raise refusal
