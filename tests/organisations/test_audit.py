"""The managers' check of an organisation (approved or not) is written to the audit log with the action itself."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests import factories
from wijkhulp.audit import AuditEntry
from wijkhulp.errors import NotAllowed
from wijkhulp.extensions import db
from wijkhulp.organisations import services
from wijkhulp.organisations.models import AlreadyVerified, InvalidReason


def _entries() -> list[AuditEntry]:
    db.session.expire_all()
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.target_key == "organisation")
                                   .order_by(AuditEntry.id)))


def _register():
    coordinator = factories.user(postcode="3621 AB")
    return services.register_organisation(coordinator, name="Bakkerij De Vecht", type="business",
                                          kvk_number="12345678")


def test_verifying_and_declining_are_audited(ctx):
    manager = factories.manager()
    organisation = _register()
    services.verify_organisation(manager, organisation.id)
    services.decline_organisation(manager, organisation.id, reason="De KvK-inschrijving is beëindigd.")
    verified, declined = _entries()
    assert (verified.action, verified.actor_id, verified.target_id, verified.pc4) == (
        "organisation.verify", manager.id, str(organisation.id), "3621")
    assert verified.details == {"name": "Bakkerij De Vecht", "kvk_number": "12345678"}
    assert (declined.action, declined.actor_id, declined.reason) == (
        "organisation.decline", manager.id, "De KvK-inschrijving is beëindigd.")


def test_refusals_write_nothing(ctx):
    manager = factories.manager()
    organisation = _register()
    with pytest.raises(NotAllowed):
        services.verify_organisation(factories.user(), organisation.id)
    with pytest.raises(InvalidReason):
        services.decline_organisation(manager, organisation.id, reason=" ")
    assert _entries() == []
    services.verify_organisation(manager, organisation.id)
    with pytest.raises(AlreadyVerified):
        services.verify_organisation(manager, organisation.id)
    assert [e.action for e in _entries()] == ["organisation.verify"]
