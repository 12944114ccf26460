"""Values every page template needs: site name, menus, the unread count."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from flask_login import current_user

# (endpoint, label); entries whose endpoint is not registered are left out, so features plug in freely.
MAIN_MENU = [
    ("pages.home", _l("Home")),
    ("marketplace.index", _l("Help in your area")),
    ("ideas.index", _l("Ideas auction")),
    ("proposals.index", _l("Neighbourhood plans")),
    ("pages.about", _l("How it works")),
]

_unread_counters: list[Any] = []


def register_unread_counter(counter: Any) -> None:
    """A feature (notifications) registers a function user -> int for the header badge."""
    _unread_counters.append(counter)


def init_app(app: Flask) -> None:
    @app.context_processor
    def inject_site() -> dict[str, Any]:
        from wijkhulp.settings import services as settings

        endpoints = current_app.view_functions
        unread = 0
        if current_user and current_user.is_authenticated:
            unread = sum(counter(current_user) for counter in _unread_counters)
        return {
            "site_name": settings.get("site_name"),
            "municipality_name": settings.get("municipality_name"),
            "main_menu": [(e, label) for e, label in MAIN_MENU if e in endpoints],
            "view_endpoints": endpoints,
            "unread_count": unread,
        }
