"""A feature's manifest: everything one feature adds to the application, declared in one place.

Each feature has `wijkhulp/<feature>/feature.py` with one `FEATURE = Feature(...)`; `create_app` installs the
features of `wijkhulp.FEATURES` in order. Nothing is registered when a module is imported: only `install` adds
entries to the registries, so a reader finds all of a feature's connections in its manifest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wijkhulp.registry.activity import ACTIVITY_SECTIONS, ActivitySection
from wijkhulp.registry.chrome import HEADER_COUNTERS, MENU, HeaderCounter, MenuItem
from wijkhulp.registry.content import (AUDIT_TARGETS, CONTENT_TYPES, MODERATION_HOOKS, QUEUE_SOURCES, AuditTarget,
                                       ContentType, ModerationHooks, QueueSource)
from wijkhulp.registry.events import EVENTS, EventType
from wijkhulp.registry.jobs import JOBS, Job
from wijkhulp.registry.metrics import FIGURES, SERIES, Figure, Series
from wijkhulp.registry.personal_data import PERSONAL_DATA, PersonalData
from wijkhulp.registry.places import HOME_AREA_RULES, HomeAreaRule
from wijkhulp.registry.seeders import SEEDERS, Seeder
from wijkhulp.registry.settings import SETTINGS, SettingSpec

if TYPE_CHECKING:
    import click
    from flask import Blueprint, Flask


@dataclass(frozen=True)
class Feature:
    """What a feature adds. Every field but `name` is optional.

    blueprints        its pages (registered in this order)
    cli               its `flask <group> ...` command groups
    subcommands       commands it adds to a lower feature's group, as (group, command)
    settings          what an admin may tune (/admin/settings, `flask settings`)
    events            notification events it sends (each person chooses immediately/digest/off)
    content_types     content moderation can report, hide and remove
    queue_sources     sections of the managers' queue
    audit_targets     other things its audit entries are about, so the log can name them
    moderation        the hooks moderation plugs into other features (only moderation has them)
    figures, series   numbers and charts for the dashboard and the public impact page
    personal_data     what it holds about a person, for the data download and account deletion
    activity          sections of the public organisation page
    seeder            its demo data (`flask demo seed`)
    menu              entries of the main menu
    header_counters   numbers for the header badge
    home_area_rules   where people may live to register or change their postcode (the service area)
    jobs              periodic work for `flask jobs run` (each also a cron-safe command)
    init_app          web glue that needs the app itself (request hooks, the login loader)
    """

    name: str
    blueprints: tuple[Blueprint, ...] = ()
    cli: tuple[click.Group, ...] = ()
    subcommands: tuple[tuple[click.Group, click.Command], ...] = ()
    settings: tuple[SettingSpec, ...] = ()
    events: tuple[EventType, ...] = ()
    content_types: tuple[ContentType, ...] = ()
    queue_sources: tuple[QueueSource, ...] = ()
    audit_targets: tuple[AuditTarget, ...] = ()
    moderation: ModerationHooks | None = None
    figures: tuple[Figure, ...] = ()
    series: tuple[Series, ...] = ()
    personal_data: tuple[PersonalData, ...] = ()
    activity: tuple[ActivitySection, ...] = ()
    seeder: Seeder | None = None
    menu: tuple[MenuItem, ...] = ()
    header_counters: tuple[HeaderCounter, ...] = ()
    home_area_rules: tuple[HomeAreaRule, ...] = ()
    jobs: tuple[Job, ...] = ()
    init_app: Callable[[Flask], None] | None = None


_TARGETS: tuple[tuple[str, Any], ...] = (
    ("settings", SETTINGS), ("events", EVENTS), ("content_types", CONTENT_TYPES), ("queue_sources", QUEUE_SOURCES),
    ("audit_targets", AUDIT_TARGETS),
    ("figures", FIGURES), ("series", SERIES), ("personal_data", PERSONAL_DATA), ("activity", ACTIVITY_SECTIONS),
    ("menu", MENU), ("header_counters", HEADER_COUNTERS), ("home_area_rules", HOME_AREA_RULES), ("jobs", JOBS),
)


def register_entries(feature: Feature) -> None:
    """Add the feature's entries to the registries (the same entries again change nothing)."""
    for attribute, target in _TARGETS:
        for entry in getattr(feature, attribute):
            target.add(entry)
    if feature.moderation is not None:
        MODERATION_HOOKS.add(feature.moderation)
    if feature.seeder is not None:
        SEEDERS.add(feature.seeder)


def install(app: Flask, features: tuple[Feature, ...]) -> None:
    """Register every feature with the app and the registries, in the given order. Called by create_app only."""
    names = [feature.name for feature in features]
    if len(set(names)) != len(names):
        raise RuntimeError(f"a feature is listed twice: {names}")
    for feature in features:
        register_entries(feature)
    for feature in features:
        if feature.init_app is not None:
            feature.init_app(app)
        for blueprint in feature.blueprints:
            app.register_blueprint(blueprint)
        for group in feature.cli:
            app.cli.add_command(group)
        for group, command in feature.subcommands:
            group.add_command(command)
