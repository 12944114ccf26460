"""wijkhulp: neighbours helping neighbours. Application factory."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from flask import Flask


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults < instance/config.py < WIJKHULP_* < standard variables; tests pass one mapping."""
    from wijkhulp import config

    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object("wijkhulp.config.Defaults")
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("WIJKHULP")
        config.apply_standard_env(app)
    else:
        app.config.from_mapping(test_config)
    config.finalise(app)
    os.makedirs(app.instance_path, exist_ok=True)
    if app.config["SECRET_KEY"] in ("dev", "", None) and not (app.debug or app.testing):
        raise RuntimeError("Set SECRET_KEY (or WIJKHULP_SECRET_KEY) before running wijkhulp in production.")

    from wijkhulp import auth, cli, errors, extensions, i18n, notifications, security, web  # late: acyclic graph

    for part in (extensions, auth, i18n, errors, security, web, notifications, cli):
        part.init_app(app)
    _register_blueprints(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from wijkhulp.accounts.views import bp as accounts_bp
    from wijkhulp.admin.views import bp as admin_bp
    from wijkhulp.auth.views import bp as auth_bp
    from wijkhulp.dashboard.views import bp as dashboard_bp
    from wijkhulp.ideas.views import bp as ideas_bp
    from wijkhulp.marketplace.views import bp as marketplace_bp
    from wijkhulp.moderation.views import bp as moderation_bp
    from wijkhulp.neighbourhoods.views import bp as neighbourhoods_bp
    from wijkhulp.notifications.views import bp as notifications_bp
    from wijkhulp.organisations.views import bp as organisations_bp
    from wijkhulp.pages.views import bp as pages_bp
    from wijkhulp.proposals.views import bp as proposals_bp
    from wijkhulp.settings.views import bp as settings_bp

    for bp in (pages_bp, auth_bp, accounts_bp, notifications_bp, admin_bp, settings_bp, neighbourhoods_bp,
               organisations_bp, proposals_bp, marketplace_bp, moderation_bp, ideas_bp, dashboard_bp):
        app.register_blueprint(bp)
