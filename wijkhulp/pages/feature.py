"""Manifest of the public information pages and the language switch."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from wijkhulp.pages import views
from wijkhulp.registry.chrome import MenuItem
from wijkhulp.registry.feature import Feature

FEATURE = Feature(
    name="pages",
    blueprints=(views.bp,),
    menu=(MenuItem("home", "pages.home", _l("Home"), order=10),
          MenuItem("about", "pages.about", _l("How it works"), order=60)),
)
