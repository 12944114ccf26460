"""Pages for neighbourhood plans: calls, plans, teams and join links, review, reports, and the manager's pages.

Each section module adds its routes to the one blueprint `bp` (views/blueprint.py) when it is imported; the
manifest registers `views.bp`.
"""

from __future__ import annotations

from wijkhulp.proposals.views import calls, plans, reports, review, team
from wijkhulp.proposals.views.blueprint import bp

__all__ = ["bp", "calls", "plans", "reports", "review", "team"]
