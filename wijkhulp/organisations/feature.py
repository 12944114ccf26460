"""Manifest of organisations (partners): registration, the managers' check, members (/organisations)."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from wijkhulp.organisations import content, demo, services, views
from wijkhulp.organisations.models import Organisation
from wijkhulp.registry.content import ContentType, QueueSource
from wijkhulp.registry.events import EventType
from wijkhulp.registry.feature import Feature
from wijkhulp.registry.personal_data import PersonalData
from wijkhulp.registry.seeders import Seeder
from wijkhulp.web import linked_rows

FEATURE = Feature(
    name="organisations",
    blueprints=(views.bp,),
    events=(
        EventType(
            "organisation_review", _l("An organisation waits for a check"),
            _l("For community managers: a new organisation registered and needs to be checked."), default_mode="digest"),
        EventType(
            "organisation_checked", _l("Your organisation was checked"),
            _l("The community manager checked the organisation you registered or coordinate.")),
        EventType(
            "organisation_invitation", _l("Invitation to join an organisation"),
            _l("Someone invited you to act on behalf of their organisation.")),
        EventType(
            "organisation_member_joined", _l("New member in your organisation"),
            _l("Someone accepted your invitation to join the organisation."), default_mode="digest"),
    ),
    content_types=(
        ContentType(
            content.ORGANISATION, label=_l("Organisation"), model=Organisation, author_of=content.author,
            pc4_of=lambda organisation: organisation.created_by.pc4 if organisation.created_by else None,
            summary_of=lambda organisation: organisation.name, remove=content.remove,
            text_of=lambda organisation: "\n\n".join(p for p in (organisation.name, organisation.description,
                                                                  organisation.website or "") if p),
            url_of=lambda organisation: url_for("organisations.show", organisation_id=organisation.id), order=45),
    ),
    queue_sources=(
        QueueSource(
            "organisations_awaiting_check", title=_l("Organisations waiting for a check"),
            load=linked_rows(content.awaiting_check, lambda row: url_for("organisations.admin_index")),
            description=_l("Check that an organisation is real before it can act on this site."), order=45),
    ),
    personal_data=(
        PersonalData(
            "organisations", export=services.export_user_data, erase=services.erase_user_data,
            purpose=_l("Organisations that help: their page, members and coordinators"),
            data_subjects=_l("Members and coordinators of organisations"),
            data_categories=_l("Membership, role in the organisation, invitations (e-mail address)"),
            recipients=_l("Coordinators of the organisation; community managers; admins. The public sees the "
                          "organisation, not its members"),
            legal_basis=_l("Public task (AVG art. 6(1)(e))"),
            retention_note=_l("As long as the membership or the account exists")),
    ),
    seeder=Seeder("organisations", 30, demo.seed_organisations),
)
