"""The audit log is append-only, and administrative actions write to it as well."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import delete, select, update

from tests import factories
from wijkhulp import audit
from wijkhulp.accounts import services as accounts
from wijkhulp.accounts.models import Role
from wijkhulp.audit import AuditEntry, AuditLogIsAppendOnly
from wijkhulp.extensions import db
from wijkhulp.moderation import services
from wijkhulp.neighbourhoods import services as neighbourhoods
from wijkhulp.settings import services as settings


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_entries_cannot_be_changed_or_deleted(ctx) -> None:
    entry = audit.record(None, "test.action", "thing", 1, reason="why")
    db.session.commit()
    entry.reason = "something else"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEntry, entry.id))
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.execute(update(AuditEntry).values(reason="x"))
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.execute(delete(AuditEntry))
    db.session.rollback()
    assert db.session.scalar(select(AuditEntry.reason)) == "why"


def test_no_route_changes_the_log(app: Flask) -> None:
    for rule in app.url_map.iter_rules():
        if "audit" in rule.rule:
            assert rule.methods is not None and rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule


def test_record_checks_its_names(ctx) -> None:
    with pytest.raises(ValueError):
        audit.record(None, "Bad Action", "thing")
    with pytest.raises(ValueError):
        audit.record(None, "ok", "")


def test_record_keeps_actor_and_subject(ctx) -> None:
    admin, person = factories.admin(), factories.user()
    entry = audit.record(admin, "x.y", "user", person.id, reason="  r  ", details={"a": 1}, subject=person,
                         pc4="3601")
    cli = audit.record("beheer@example.org", "x.z", "setting", "site_name")
    db.session.commit()
    assert (entry.actor_id, entry.actor_label, entry.subject_id, entry.reason, entry.details) == (
        admin.id, "", person.id, "r", {"a": 1})
    assert (cli.actor_id, cli.actor_label, cli.target_id) == (None, "beheer@example.org", "site_name")


def test_settings_changes_are_logged(ctx) -> None:
    admin = factories.admin()
    settings.set_value("site_name", "buurtje", actor=admin.email)
    settings.set_value("site_name", "buurtje", actor=admin.email)  # no change: no entry
    settings.set_many({"report_threshold": "4", "premoderation": "true"}, actor=admin.email)
    settings.reset("report_threshold", actor=admin.email)
    entries = list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    assert [(e.action, e.target_id) for e in entries] == [
        ("setting.change", "site_name"), ("setting.change", "report_threshold"), ("setting.change", "premoderation"),
        ("setting.reset", "report_threshold")]
    assert all(e.actor_id == admin.id for e in entries)
    assert entries[0].details == {"from": "wijkhulp", "to": "buurtje"}


def test_neighbourhood_changes_are_logged(ctx) -> None:
    admin = factories.admin()
    n = neighbourhoods.create_neighbourhood(name="Maarssen", areas="3601", actor=admin)
    neighbourhoods.update_neighbourhood(n.id, name="Maarssen-dorp", description="", areas="3601-3603", actor=admin)
    neighbourhoods.rename_neighbourhood(n.id, name="Maarssen", actor=admin)
    neighbourhoods.set_areas(n.id, "3601", actor=admin)
    neighbourhoods.set_service_area("3601-3612", actor=admin)
    neighbourhoods.delete_neighbourhood(n.id, actor=admin)
    assert _actions() == ["neighbourhood.create", "neighbourhood.update", "neighbourhood.rename",
                          "neighbourhood.areas", "setting.change", "neighbourhood.delete"]


def test_roles_and_blocks_are_logged(ctx) -> None:
    admin, person = factories.admin(), factories.user(postcode="3601 AB")
    accounts.change_role(admin, person.id, Role.MANAGER)
    accounts.grant_role(email=person.email, role=Role.RESIDENT)
    services.block_user(admin, person.id, "spam")
    services.unblock_user(admin, person.id)
    accounts.create_admin(email="nieuw@example.org", password="een lange zin voor beheer")
    entries = list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    assert [e.action for e in entries] == ["user.role", "user.role", "user.block", "user.unblock", "user.role"]
    assert entries[0].details == {"from": "resident", "to": "manager"} and entries[0].pc4 == "3601"
    assert entries[2].reason == "spam" and entries[2].subject_id == person.id
