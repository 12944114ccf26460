"""Who sees which dashboard: managers their own neighbourhoods, admins all of them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wijkhulp.accounts.permissions import can_administer, can_manage
from wijkhulp.neighbourhoods.models import ManagerAssignment
from wijkhulp.extensions import db

if TYPE_CHECKING:
    from wijkhulp.neighbourhoods.models import Neighbourhood


def can_view_dashboard(user: Any) -> bool:
    return can_manage(user)


def can_view_neighbourhood(user: Any, neighbourhood: Neighbourhood) -> bool:
    if not can_manage(user):
        return False
    if can_administer(user):
        return True
    return db.session.get(ManagerAssignment, (neighbourhood.id, user.id)) is not None
