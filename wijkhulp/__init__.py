"""wijkhulp: neighbours helping neighbours. Application factory."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from flask import Flask

if TYPE_CHECKING:
    from wijkhulp.registry.feature import Feature


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults < instance/config.py < WIJKHULP_* < standard variables; tests pass one mapping."""
    from wijkhulp import config

    app = Flask(__name__, instance_relative_config=True)
    config.load(app, test_config)
    config.finalise(app)
    os.makedirs(app.instance_path, exist_ok=True)

    from wijkhulp import cache, cli, errors, extensions, i18n, security, web  # late: acyclic graph
    from wijkhulp.registry.feature import install

    for part in (extensions, cache, i18n, errors, security, web, cli):
        part.init_app(app)
    install(app, features())
    return app


def features() -> tuple[Feature, ...]:
    """Every feature's manifest (wijkhulp/<feature>/feature.py), lowest layer first. This order is the order of
    the blueprints, the command groups and the notification events on the preferences page. Imported here, not at
    the top, because manifests import views and views import the whole stack below them."""
    from wijkhulp.accounts.feature import FEATURE as accounts
    from wijkhulp.api.feature import FEATURE as api
    from wijkhulp.admin.feature import FEATURE as admin
    from wijkhulp.auth.feature import FEATURE as auth
    from wijkhulp.dashboard.feature import FEATURE as dashboard
    from wijkhulp.geo.feature import FEATURE as geo
    from wijkhulp.ideas.feature import FEATURE as ideas
    from wijkhulp.marketplace.feature import FEATURE as marketplace
    from wijkhulp.moderation.feature import FEATURE as moderation
    from wijkhulp.neighbourhoods.feature import FEATURE as neighbourhoods
    from wijkhulp.notifications.feature import FEATURE as notifications
    from wijkhulp.ops.feature import FEATURE as ops
    from wijkhulp.organisations.feature import FEATURE as organisations
    from wijkhulp.pages.feature import FEATURE as pages
    from wijkhulp.privacy.feature import FEATURE as privacy
    from wijkhulp.proposals.feature import FEATURE as proposals
    from wijkhulp.settings.feature import FEATURE as settings

    return (geo, accounts, settings, neighbourhoods, notifications, organisations, marketplace, ideas, proposals,
            moderation, dashboard, privacy, auth, api, pages, admin, ops)
