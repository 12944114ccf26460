"""Only same-site redirects after signing in: the one check lives in wijkhulp.web (safe_next); this name stays
for the auth views that import it from here."""

from __future__ import annotations

from wijkhulp.web import safe_next

__all__ = ["safe_next"]
