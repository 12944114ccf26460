"""Manifest of the dashboard: the managers' dashboard with charts and exports, and the public impact page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from wijkhulp.dashboard import figures, views
from wijkhulp.registry.chrome import MenuItem
from wijkhulp.registry.feature import Feature

FEATURE = Feature(
    name="dashboard",
    blueprints=(views.bp,),
    figures=figures.FIGURES,
    series=figures.SERIES,
    menu=(MenuItem("impact", "dashboard.impact", _l("What we did together"), order=50),),
)
