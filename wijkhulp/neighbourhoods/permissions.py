"""Who may change neighbourhoods and the service area."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wijkhulp.accounts.permissions import can_administer

if TYPE_CHECKING:
    from wijkhulp.neighbourhoods.models import Neighbourhood


def can_manage_neighbourhoods(user: Any) -> bool:
    """Create and delete neighbourhoods, and set the service area: admins."""
    return can_administer(user)


def can_edit_neighbourhood(user: Any, neighbourhood: Neighbourhood) -> bool:
    """Admins for now; managers of their own neighbourhoods follow in a later issue (ManagerAssignment)."""
    return can_administer(user)
