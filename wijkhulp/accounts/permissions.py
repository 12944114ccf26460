"""Who may do what with accounts and site administration."""

from __future__ import annotations

from typing import Any


def is_signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def can_administer(user: Any) -> bool:
    return is_signed_in(user) and user.is_active and user.is_admin


def can_manage(user: Any) -> bool:
    return is_signed_in(user) and user.is_active and user.is_manager


def can_post(user: Any) -> bool:
    """Posting, reacting, pledging and joining need a verified, unblocked account."""
    return is_signed_in(user) and user.is_active and user.is_verified
