"""`flask moderation assign-manager|unassign-manager|managers`: idempotent, non-zero exit on a refusal."""

from __future__ import annotations

from sqlalchemy import func, select

from tests import factories
from wijkhulp.audit import AuditEntry
from wijkhulp.extensions import db
from wijkhulp.neighbourhoods import services as neighbourhoods


def test_assign_and_unassign(app, runner) -> None:
    with app.app_context():
        neighbourhoods.create_neighbourhood(name="Maarssen", areas="3601")
        factories.manager(email="marieke@example.org")
        factories.user(email="bewoner@example.org")
    result = runner.invoke(args=["moderation", "assign-manager", "marieke@example.org", "maarssen"])
    assert result.exit_code == 0 and "now looks after" in result.output
    result = runner.invoke(args=["moderation", "assign-manager", "marieke@example.org", "Maarssen"])
    assert result.exit_code == 0 and "already looked after" in result.output
    assert "Maarssen: marieke@example.org" in runner.invoke(args=["moderation", "managers"]).output
    assert runner.invoke(args=["moderation", "assign-manager", "bewoner@example.org", "Maarssen"]).exit_code != 0
    assert runner.invoke(args=["moderation", "assign-manager", "niemand@example.org", "Maarssen"]).exit_code != 0
    assert runner.invoke(args=["moderation", "assign-manager", "marieke@example.org", "Atlantis"]).exit_code != 0
    result = runner.invoke(args=["moderation", "unassign-manager", "marieke@example.org", "Maarssen"])
    assert result.exit_code == 0 and "no longer looks after" in result.output
    assert "did not look" in runner.invoke(args=["moderation", "unassign-manager", "marieke@example.org",
                                                 "Maarssen"]).output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action.like("manager.%"))) == 2
