"""Manifest of privacy: the retention settings, `flask privacy purge` and the processing register at
/admin/processing-register."""

from __future__ import annotations

from datetime import timedelta

from wijkhulp.privacy import cli, setting_specs, views
from wijkhulp.privacy.cli import privacy_cli
from wijkhulp.registry.feature import Feature
from wijkhulp.registry.jobs import Job

FEATURE = Feature(
    name="privacy",
    blueprints=(views.bp,),
    cli=(privacy_cli,),
    jobs=(Job("privacy_purge", "privacy purge", timedelta(days=1), cli.purge_job),),
    settings=setting_specs.SPECS,
)
