"""Who sees which dashboard: managers their own neighbourhoods, admins all of them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wijkhulp.accounts.permissions import can_manage
from wijkhulp.neighbourhoods.queries import manager_scope

if TYPE_CHECKING:
    from wijkhulp.neighbourhoods.models import Neighbourhood


def can_view_dashboard(user: Any) -> bool:
    return can_manage(user)


def can_view_neighbourhood(user: Any, neighbourhood: Neighbourhood) -> bool:
    return can_manage(user) and manager_scope(user).covers_neighbourhoods([neighbourhood.id])
