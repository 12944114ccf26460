"""Manifest of the admin start page (/admin)."""

from __future__ import annotations

from wijkhulp.admin import views
from wijkhulp.registry.feature import Feature

FEATURE = Feature(name="admin", blueprints=(views.bp,))
