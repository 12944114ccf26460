"""Values every page template needs: site name, menus, the unread count."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from wijkhulp.extensions import db

log = logging.getLogger(__name__)

# (endpoint, label); entries whose endpoint is not registered are left out, so features plug in freely.
MAIN_MENU = [
    ("pages.home", _l("Home")),
    ("marketplace.index", _l("Help in your area")),
    ("ideas.index", _l("Ideas auction")),
    ("proposals.index", _l("Neighbourhood plans")),
    ("dashboard.impact", _l("What we did together")),
    ("pages.about", _l("How it works")),
]

_unread_counters: list[Any] = []


def register_unread_counter(counter: Any) -> None:
    """A feature (notifications) registers a function user -> int for the header badge."""
    _unread_counters.append(counter)


def init_app(app: Flask) -> None:
    @app.context_processor
    def inject_site() -> dict[str, Any]:
        from wijkhulp.settings import registry
        from wijkhulp.settings import services as settings

        endpoints = current_app.view_functions
        site = {"site_name": registry.spec("site_name").default,
                "municipality_name": registry.spec("municipality_name").default, "unread_count": 0}
        try:
            site["site_name"] = settings.get("site_name") or site["site_name"]
            site["municipality_name"] = settings.get("municipality_name")
            if current_user and current_user.is_authenticated:
                site["unread_count"] = sum(counter(current_user) for counter in _unread_counters)
        except SQLAlchemyError:  # the error pages must render even when the database is down
            log.warning("database unavailable while rendering a page", exc_info=True)
            db.session.rollback()
        return {**site, "main_menu": [(e, label) for e, label in MAIN_MENU if e in endpoints],
                "view_endpoints": endpoints}
