"""Pages of the ideas auction: each module adds its routes to `bp`, the blueprint the manifest registers."""

from __future__ import annotations

from wijkhulp.ideas.views import decisions, evening, follow_up, ideas, overview, pledges, rounds
from wijkhulp.ideas.views.blueprint import bp

__all__ = ["bp", "decisions", "evening", "follow_up", "ideas", "overview", "pledges", "rounds"]
