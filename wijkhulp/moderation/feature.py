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
    personal_data=(PersonalData(
        "reports", export=hooks.export_reports, erase=hooks.erase_reports,
        purpose=_l("Moderation: reports about content, decisions of community managers and the audit log of what "
                   "staff do and see"),
        data_subjects=_l("Residents who report and who are reported; staff"),
        data_categories=_l("Reason and text of a report, decisions, audit log entries"),
        recipients=_l("Community managers of the neighbourhood and admins"),
        legal_basis=_l("Public task (AVG art. 6(1)(e)) and security of processing (art. 32)"),
        retention_note=_l("Reports as long as the reporter's account exists; the audit log is kept so that what "
                          "staff did can be checked")),),
    seeder=Seeder("moderation", 60, demo.seed_moderation),
)
