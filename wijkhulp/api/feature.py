"""Manifest of the public API: /api/v1 with its OpenAPI document, the documentation page /api, open data, and
/.well-known/security.txt."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from wijkhulp.api import views
from wijkhulp.registry.feature import Feature
from wijkhulp.registry.settings import SettingSpec

OPEN = _l("Open data and API")

FEATURE = Feature(
    name="api",
    blueprints=(views.bp, views.docs),
    init_app=views.init_app,
    settings=(
        SettingSpec("security_contact_email", "email", "", _l("E-mail for reports of security problems"),
                    _l("Shown in /.well-known/security.txt. Empty: the e-mail of the community manager."),
                    group=OPEN),
        SettingSpec("open_data_attribution", "bool", False, _l("Open data under CC BY 4.0"),
                    _l("No: CC0 1.0 (no conditions). Yes: CC BY 4.0 (users must name the municipality)."),
                    group=OPEN),
    ),
)
