"""Who may report, moderate what, and run the managers' pages: managers act only in their neighbourhoods."""

from __future__ import annotations

from typing import Any

from wijkhulp.accounts.permissions import can_administer, can_manage
from wijkhulp.neighbourhoods.queries import manager_scope
from wijkhulp.registry.content import content_type


def can_use_queue(user: Any) -> bool:
    return can_manage(user)


def in_scope(user: Any, pc4: str | None) -> bool:
    """Whether `pc4` lies in the neighbourhoods of manager `user` (admins: everywhere). Content without an
    area belongs to admins only."""
    return can_manage(user) and manager_scope(user).covers_pc4(pc4)


def can_moderate(user: Any, content_key: str, obj: Any) -> bool:
    """Hide, restore, remove, warn: managers for content in their neighbourhoods, admins everywhere."""
    kind = content_type(content_key)
    if kind is None or obj is None:
        return False
    return in_scope(user, kind.pc4_of(obj))


def can_moderate_user(actor: Any, person: Any) -> bool:
    """Block and unblock: never yourself; managers only residents in their neighbourhoods; admins anyone."""
    if person is None or not can_manage(actor) or actor.id == person.id:
        return False
    if can_administer(actor):
        return True
    return not person.is_manager and in_scope(actor, person.pc4)


def can_assign_managers(user: Any) -> bool:
    return can_administer(user)


def can_edit_kindness_words(user: Any) -> bool:
    """The word list counts on the whole site, so it is an admin's."""
    return can_administer(user)
