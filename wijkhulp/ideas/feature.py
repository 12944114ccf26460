"""Manifest of the ideas auction (ideeënveiling): rounds, ideas and their needs, pledges (/ideas)."""

from __future__ import annotations

from datetime import timedelta

from flask import url_for
from flask_babel import lazy_gettext as _l

from wijkhulp.ideas import content, demo, figures, queries, views
from wijkhulp.ideas import cli
from wijkhulp.ideas.cli import auction_cli
from wijkhulp.ideas.models import AuctionRound, Idea
from wijkhulp.ideas.services import FOLLOWUP_MONTHS, PRESENTER_REFRESH, personal_data
from wijkhulp.registry.activity import ActivitySection
from wijkhulp.registry.chrome import MenuItem
from wijkhulp.registry.content import AuditTarget, ContentType, QueueSource, titles_by_id
from wijkhulp.registry.events import EventType
from wijkhulp.registry.feature import Feature
from wijkhulp.registry.jobs import Job
from wijkhulp.registry.personal_data import PersonalData
from wijkhulp.registry.seeders import Seeder
from wijkhulp.registry.settings import SettingSpec
from wijkhulp.web import linked_rows

GROUP = _l("Ideas auction")


def _idea_url(idea_id: int) -> str:
    return url_for("ideas.show_idea", idea_id=idea_id)


FEATURE = Feature(
    name="ideas",
    blueprints=(views.bp,),
    cli=(auction_cli,),
    jobs=(Job("auction_close_due", "auction close-due", timedelta(minutes=1), cli.close_due_job),
          Job("auction_send_followups", "auction send-followups", timedelta(days=1), cli.send_followups_job)),
    settings=(
        SettingSpec(FOLLOWUP_MONTHS, "int", 3, _l("Months after closing before we ask whether an idea was carried out"),
                    _l("Owners of ideas that found partners get this question once."), minimum=1, maximum=24,
                    group=GROUP),
        SettingSpec(PRESENTER_REFRESH, "int", 15,
                    _l("Seconds between refreshes of the presenter page at an auction evening"),
                    minimum=5, maximum=300, group=GROUP),
    ),
    events=(
        EventType("idea_pledge", _l("Pledges on your idea"),
            _l("A partner pledged, changed or withdrew a pledge on your idea.")),
        EventType("idea_reviewed", _l("Your idea was checked"),
            _l("The community manager approved your idea, or did not.")),
        EventType("idea_awaiting_approval", _l("An idea waits for approval"),
            _l("For community managers: a new idea in a round that needs approval."),
            default_mode="digest"),
        EventType("auction_round_closed", _l("A round of the ideas auction closed"),
            _l("The round with your idea or pledge closed; now the pledges are accepted or declined.")),
        EventType("pledge_decided", _l("Decision on your pledge"),
            _l("The owner of an idea accepted or declined your pledge.")),
        EventType("pledge_recorded", _l("A pledge was recorded in your name"),
            _l("At an auction evening the community manager recorded a pledge for you or your "
            "organisation.")),
        EventType("idea_followup", _l("Was your idea carried out?"),
            _l("Some months after the auction we ask how your idea went.")),
    ),
    audit_targets=(AuditTarget("auction_round", _l("auction round"), titles_by_id(AuctionRound, "name")),
                   AuditTarget("pledge", _l("pledge"), content.pledge_titles)),
    content_types=(
        ContentType(
            content.IDEA, label=_l("Idea in the ideas auction"), model=Idea, author_of=content.author,
            pc4_of=content.pc4, summary_of=lambda idea: idea.title, remove=content.remove, text_of=content.text,
            url_of=lambda idea: _idea_url(idea.id), order=40),
    ),
    queue_sources=(
        QueueSource(
            "ideas_awaiting_approval", title=_l("Ideas waiting for approval"),
            load=linked_rows(content.awaiting_approval, lambda row: _idea_url(row.object_id)),
            description=_l("In rounds of the ideas auction where a manager approves ideas before they become "
                           "public."),
            order=40),
    ),
    figures=figures.FIGURES,
    personal_data=(PersonalData(
        "ideas", export=personal_data.export_user_data, erase=personal_data.erase_user_data,
        purpose=_l("The ideas auction: residents post ideas, partners pledge money, time, materials or know-how"),
        data_subjects=_l("Residents, members of organisations and other partners"),
        data_categories=_l("Ideas and their texts, pledges (amount and description) and who made them"),
        recipients=_l("Everyone while a round is open (visitors without residents' names); community managers "
                      "of the neighbourhood"),
        legal_basis=_l("Public task (AVG art. 6(1)(e))"),
        retention_note=_l("As long as the account exists; after deletion, ideas and pledges stay with “a former "
                          "resident”")),),
    activity=(
        ActivitySection(
            "ideas_pledges", title=_l("Pledges in the ideas auction"), template="ideas/_organisation_pledges.html",
            load=queries.pledges_of_organisation, order=20,
            empty_text=_l("This organisation has not pledged on ideas yet.")),
    ),
    seeder=Seeder("ideas", 31, demo.seed_ideas),
    menu=(MenuItem("ideas", "ideas.index", _l("Ideas auction"), order=30),),
)
