"""Manifest of neighbourhood plans ("zelf bedacht, zelf gedaan"): calls, plans, teams and review (/plans)."""

from __future__ import annotations

from datetime import timedelta

from flask import url_for
from flask_babel import lazy_gettext as _l

from wijkhulp.proposals import content, demo, figures, services, views
from wijkhulp.proposals import cli
from wijkhulp.proposals.cli import proposals_cli
from wijkhulp.proposals.models import ABSOLUTE_MIN_TEAM_SIZE, MAX_TEAM_SIZE, Call, Proposal
from wijkhulp.proposals.services.workflow import (EVENT_DECISION, EVENT_INVITATION, EVENT_REPORT_DUE, EVENT_REVIEW,
                                                  EVENT_TEAM, INVITATION_DAYS, MIN_TEAM_SIZE, REPORT_DUE_MONTHS)
from wijkhulp.registry.chrome import MenuItem
from wijkhulp.registry.content import AuditTarget, ContentType, titles_by_id
from wijkhulp.registry.events import EventType
from wijkhulp.registry.feature import Feature
from wijkhulp.registry.jobs import Job
from wijkhulp.registry.personal_data import PersonalData
from wijkhulp.registry.seeders import Seeder
from wijkhulp.registry.settings import SettingSpec

GROUP = _l("Neighbourhood plans")

FEATURE = Feature(
    name="proposals",
    blueprints=(views.bp,),
    cli=(proposals_cli,),
    jobs=(Job("proposals_send_reminders", "proposals send-reminders", timedelta(days=1), cli.send_reminders_job),),
    settings=(
        SettingSpec(MIN_TEAM_SIZE, "int", ABSOLUTE_MIN_TEAM_SIZE, _l("Smallest team for a neighbourhood plan"),
                    _l("The number a new call starts with. Each call can ask for more. Never fewer than 3."),
                    minimum=ABSOLUTE_MIN_TEAM_SIZE, maximum=MAX_TEAM_SIZE, group=GROUP),
        SettingSpec(REPORT_DUE_MONTHS, "int", 3, _l("Months until the final report of a plan is due"),
                    _l("Counted from the date the team said the plan would be finished. Then the team gets a "
                       "reminder."), minimum=1, maximum=24, group=GROUP),
        SettingSpec(INVITATION_DAYS, "int", 14, _l("Days an invitation to a team stays valid"),
                    _l("For invitations by e-mail and for share links."), minimum=1, maximum=90, group=GROUP),
    ),
    events=(
        EventType(EVENT_INVITATION, _l("Invitation to the team of a neighbourhood plan"),
            _l("Someone asks you to join the team of their plan for the neighbourhood.")),
        EventType(EVENT_TEAM, _l("Changes in the team of your neighbourhood plan"),
            _l("Someone joins or leaves your team, or your team becomes too small.")),
        EventType(EVENT_REVIEW, _l("Neighbourhood plans to assess"),
            _l("For the community manager and panel members: a plan is sent, or a team sends its final "
            "report about a finished plan.")),
        EventType(EVENT_DECISION, _l("News about your neighbourhood plan"),
            _l("Your plan is being assessed, approved, not approved, or changes are asked.")),
        EventType(EVENT_REPORT_DUE, _l("Reminder: final report about your neighbourhood plan"),
            _l("When it is time to write the final report: how your plan went and what it cost.")),
    ),
    audit_targets=(AuditTarget("proposal_call", _l("call"), titles_by_id(Call, "title")),),
    content_types=(
        ContentType(
            content.PROPOSAL, label=_l("Neighbourhood plan"), model=Proposal, author_of=content.author,
            pc4_of=content.pc4, summary_of=content.summary, remove=content.remove, text_of=content.text,
            url_of=lambda proposal: url_for("proposals.show", proposal_id=proposal.id), order=45),
    ),
    figures=figures.FIGURES,
    series=figures.SERIES,
    personal_data=(
        PersonalData(
            "neighbourhood_plans", export=services.export_user_data, erase=services.erase_user_data,
            purpose=_l("Neighbourhood plans: teams ask for a grant, reviewers assess, the municipality decides and "
                       "pays"),
            data_subjects=_l("Team members, reviewers and residents who support a plan"),
            data_categories=_l("Team membership, invitations (e-mail address), texts and budget of the plan, grant "
                               "decision, granted amount, receipts and final report, assessments"),
            recipients=_l("Reviewers of the call, community managers of the neighbourhood and admins; the public "
                          "sees plans without residents' names"),
            legal_basis=_l("Public task and legal obligation (AVG art. 6(1)(e) and (c)): grant decisions are "
                           "records the municipality must keep"),
            retention_note=_l("Grant decisions, granted amounts, receipts and final reports: 7 years after the "
                              "decision, also after the account is deleted (then without the person's name). Other "
                              "data of plans: as long as the account exists")),
    ),
    seeder=Seeder("proposals", 40, demo.seed_proposals),
    menu=(MenuItem("proposals", "proposals.index", _l("Neighbourhood plans"), order=40),),
)
