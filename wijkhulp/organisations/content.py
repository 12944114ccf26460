"""Organisations as moderated content (a public page can be reported and hidden), and organisations waiting for a
check in the managers' queue. Registered with the low `contenttypes` registry; imported by the views."""

from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from wijkhulp import contenttypes
from wijkhulp.accounts.models import User
from wijkhulp.organisations import queries
from wijkhulp.organisations.models import Organisation

ORGANISATION = "organisation"
REMOVED = _l("The description has been removed by the community manager.")


def _author(organisation: Organisation) -> User | None:
    creator = organisation.created_by
    return None if creator is None or creator.is_deleted else creator


def _remove(organisation: Organisation) -> None:
    """The description and website go; the name stays, so pledges keep their partner. Flush is the caller's."""
    organisation.description = str(REMOVED)
    organisation.website = None


contenttypes.register_content_type(
    ORGANISATION, label=_l("Organisation"), model=Organisation, author_of=_author,
    pc4_of=lambda organisation: organisation.created_by.pc4 if organisation.created_by else None,
    summary_of=lambda organisation: organisation.name, remove=_remove,
    text_of=lambda organisation: "\n\n".join(p for p in (organisation.name, organisation.description,
                                                          organisation.website or "") if p),
    url_of=lambda organisation: url_for("organisations.show", organisation_id=organisation.id), order=45)


def _awaiting_check(pc4s: frozenset[str] | None) -> list[contenttypes.QueueRow]:
    rows = []
    for organisation in queries.awaiting_review():
        pc4 = organisation.created_by.pc4 if organisation.created_by else None
        if pc4s is not None and pc4 not in pc4s:
            continue
        rows.append(contenttypes.QueueRow(
            content_key=ORGANISATION, object_id=organisation.id, summary=organisation.name, pc4=pc4,
            since=organisation.created_at, note=str(organisation.type_label),
            url=url_for("organisations.admin_index")))
    return rows


contenttypes.register_queue_source(
    "organisations_awaiting_check", title=_l("Organisations waiting for a check"), load=_awaiting_check,
    description=_l("Check that an organisation is real before it can act on this site."), order=45)
