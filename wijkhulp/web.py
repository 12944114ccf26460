"""Web glue: values every page template needs (site name, main menu, header badge), links for queue rows."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from flask import Flask, current_app
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from wijkhulp.extensions import db
from wijkhulp.registry import settings as setting_specs
from wijkhulp.metrics import Scope
from wijkhulp.registry.chrome import HEADER_COUNTERS, MENU
from wijkhulp.registry.content import QueueRow

log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    @app.context_processor
    def inject_site() -> dict[str, Any]:
        from wijkhulp.settings import services as settings

        endpoints = current_app.view_functions
        site = {"site_name": setting_specs.spec("site_name").default,
                "municipality_name": setting_specs.spec("municipality_name").default, "unread_count": 0}
        try:
            site["site_name"] = settings.get("site_name") or site["site_name"]
            site["municipality_name"] = settings.get("municipality_name")
            if current_user and current_user.is_authenticated:
                site["unread_count"] = sum(counter.count(current_user) for counter in HEADER_COUNTERS.all())
        except SQLAlchemyError:  # the error pages must render even when the database is down
            log.warning("database unavailable while rendering a page", exc_info=True)
            db.session.rollback()
        menu = [(item.endpoint, item.label) for item in MENU.all() if item.endpoint in endpoints]
        return {**site, "main_menu": menu, "view_endpoints": endpoints}


def linked_rows(load: Callable[[Scope], list[QueueRow]], url_of: Callable[[QueueRow], str]
                ) -> Callable[[Scope], list[QueueRow]]:
    """A queue source's loader whose rows link to `url_of(row)`: the rows come from the domain layer, the links
    (url_for) from the manifest."""

    def load_linked(pc4s: Scope) -> list[QueueRow]:
        return [replace(row, url=url_of(row)) for row in load(pc4s)]

    return load_linked
