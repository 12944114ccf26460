"""Manifest of moderation: reports, the managers' queue, hiding and removing content, warnings and blocks."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from wijkhulp.accounts.models import User
from wijkhulp.moderation import demo, events, figures, hooks, setting_specs, views
from wijkhulp.accounts.cli import users_cli
from wijkhulp.moderation.cli import block_command, moderation_cli, unblock_command
from wijkhulp.registry.content import ContentType, ModerationHooks
from wijkhulp.registry.events import EventType
from wijkhulp.registry.feature import Feature
from wijkhulp.registry.personal_data import PersonalData
from wijkhulp.registry.seeders import Seeder

FEATURE = Feature(
    name="moderation",
    blueprints=(views.bp,),
    cli=(moderation_cli,),
    subcommands=((users_cli, block_command), (users_cli, unblock_command)),  # flask users block/unblock
    settings=setting_specs.SPECS,
    events=(
        EventType(events.REPORT_OUTCOME, _l("Outcome of your report"),
            _l("What a community manager decided about something you reported.")),
        EventType(events.MODERATION_NOTICE, _l("A decision about what you posted"),
            _l("When a community manager takes something you posted offline, puts it back, approves it, "
            "or has a question or warning for you.")),
    ),
    content_types=(
        ContentType(
            hooks.PROFILE, label=_l("Profile"), model=User, author_of=hooks.profile_author,
            pc4_of=lambda user: user.pc4, summary_of=lambda user: user.public_name, remove=hooks.remove_profile,
            url_of=lambda user: url_for("accounts.public_profile", user_id=user.id),
            text_of=lambda user: "\n\n".join(part for part in (user.bio, user.skills, user.languages) if part),
            order=90),
    ),
    moderation=ModerationHooks("moderation", policy=hooks.needs_premoderation, holder=hooks.hold_for_review,
                               kindness_words=hooks.kindness_words),
    figures=figures.FIGURES,
    series=figures.SERIES,
    personal_data=(PersonalData("reports", export=hooks.export_reports, erase=hooks.erase_reports),),
    seeder=Seeder("moderation", 60, demo.seed_moderation),
)
