"""Organisations as moderated content (a public page can be reported and hidden), and organisations waiting for a
check in the managers' queue. The manifest declares them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from wijkhulp.registry.content import QueueRow
from wijkhulp.accounts.models import User
from wijkhulp.organisations import queries
from wijkhulp.organisations.models import Organisation

ORGANISATION = "organisation"
REMOVED = _l("The description has been removed by the community manager.")


def author(organisation: Organisation) -> User | None:
    creator = organisation.created_by
    return None if creator is None or creator.is_deleted else creator


def remove(organisation: Organisation) -> None:
    """The description and website go; the name stays, so pledges keep their partner. Flush is the caller's."""
    organisation.description = str(REMOVED)
    organisation.website = None


def awaiting_check(pc4s: frozenset[str] | None) -> list[QueueRow]:
    rows = []
    for organisation in queries.awaiting_review():
        pc4 = organisation.created_by.pc4 if organisation.created_by else None
        if pc4s is not None and pc4 not in pc4s:
            continue
        rows.append(QueueRow(
            content_key=ORGANISATION, object_id=organisation.id, summary=organisation.name, pc4=pc4,
            since=organisation.created_at, note=str(organisation.type_label)))
    return rows
