"""Pages of the ideas auction; the blueprint `bp` is what the manifest registers."""

from __future__ import annotations

from wijkhulp.ideas.views.ideas import bp

__all__ = ["bp"]
