"""One block and one unblock service, whoever blocks: a manager (moderation pages), an admin (admin user page)
or the command line (`flask users block`). Each block mails the reason and each writes the audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests import factories
from wijkhulp.accounts import services as accounts
from wijkhulp.accounts.models import User
from wijkhulp.audit import AuditEntry
from wijkhulp.extensions import db
from wijkhulp.moderation import services
from wijkhulp.moderation.models import NothingToDo
from wijkhulp.notifications.models import Notification, OutboxMail


def _state(app, user_id: int) -> tuple[bool, list[str], list[str], list[str]]:
    """(blocked?, audit actions about the person, mail bodies to the person, notification messages)."""
    with app.app_context():
        person = db.session.get(User, user_id)
        assert person is not None
        actions = list(db.session.scalars(select(AuditEntry.action).where(
            AuditEntry.target_id == str(user_id), AuditEntry.action.like("user.%block")).order_by(AuditEntry.id)))
        mails = list(db.session.scalars(select(OutboxMail.body).where(OutboxMail.to_address == person.email)))
        notes = list(db.session.scalars(select(Notification.message).where(Notification.user_id == user_id)))
        return person.is_blocked, actions, mails, notes


def test_an_admin_block_mails_the_reason_and_is_logged(app, client) -> None:
    with app.app_context():
        admin_email = factories.admin().email
        uid = factories.user().id
    factories.login(client, admin_email)
    assert client.post(f"/admin/users/{uid}/block", data={"reason": "Herhaald reclame"}).status_code == 302
    blocked, actions, mails, _ = _state(app, uid)
    assert blocked and actions == ["user.block"]
    assert len(mails) == 1 and "Herhaald reclame" in mails[0]
    assert client.post(f"/admin/users/{uid}/unblock").status_code == 302
    blocked, actions, _, notes = _state(app, uid)
    assert not blocked and actions == ["user.block", "user.unblock"] and len(notes) == 1


def test_a_command_line_block_mails_the_reason_and_is_logged(app, runner) -> None:
    with app.app_context():
        person = factories.user()
        uid, email = person.id, person.email
    result = runner.invoke(args=["users", "block", email, "--reason", "Onaardige berichten"])
    assert result.exit_code == 0, result.output
    blocked, actions, mails, _ = _state(app, uid)
    assert blocked and actions == ["user.block"] and "Onaardige berichten" in mails[0]
    again = runner.invoke(args=["users", "block", email, "--reason", "nog eens"])
    assert again.exit_code == 0 and "already" in again.output  # idempotent, and nothing changes
    assert len(_state(app, uid)[2]) == 1
    assert runner.invoke(args=["users", "unblock", email]).exit_code == 0
    blocked, actions, _, notes = _state(app, uid)
    assert not blocked and actions == ["user.block", "user.unblock"] and len(notes) == 1
    assert "not blocked" in runner.invoke(args=["users", "unblock", email]).output


def test_the_same_service_for_every_caller(ctx) -> None:
    admin, person = factories.admin(), factories.user()
    services.block_user(None, person.id, "via de terminal")
    with pytest.raises(NothingToDo):
        services.block_user(admin, person.id, "nog eens")
    services.unblock_user(admin, person.id)
    assert not hasattr(accounts, "block") and not hasattr(accounts, "apply_block")
    assert not hasattr(accounts, "unblock") and not hasattr(accounts, "apply_unblock")
