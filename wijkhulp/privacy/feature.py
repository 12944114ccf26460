"""Manifest of privacy: the retention settings, `flask privacy purge` and the processing register at
/admin/processing-register."""

from __future__ import annotations

from wijkhulp.privacy import setting_specs, views
from wijkhulp.privacy.cli import privacy_cli
from wijkhulp.registry.feature import Feature

FEATURE = Feature(
    name="privacy",
    blueprints=(views.bp,),
    cli=(privacy_cli,),
    settings=setting_specs.SPECS,
)
