"""Reports: the hiding threshold counts distinct residents; refusals store nothing; reporters hear the outcome."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests import factories
from wijkhulp.accounts.models import User
from wijkhulp.audit import AuditEntry
from wijkhulp.errors import NotAllowed
from wijkhulp.extensions import db
from wijkhulp.moderation import services
from wijkhulp.moderation.models import (AlreadyReported, CannotReportOwn, InvalidReport, Report, ReportOutcome,
                                        UnknownContent)
from wijkhulp.notifications.models import Notification
from wijkhulp.settings import services as settings


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    assert user is not None
    return user


def _report(reporter_id: int, target_id: int, reason: str = "spam", text: str = "") -> services.ReportResult:
    return services.report_content(_user(reporter_id), content_key="profile", object_id=target_id, reason=reason,
                                   text=text)


def _reports() -> int:
    return db.session.scalar(select(func.count()).select_from(Report)) or 0


def _notes(user_id: int, event: str) -> list[str]:
    return list(db.session.scalars(select(Notification.message).where(Notification.user_id == user_id,
                                                                       Notification.event == event)))


def test_three_distinct_residents_hide_an_item_at_once(ctx, world) -> None:
    (a, _), (b, _), (c, _) = world.residents[:3]
    assert _report(a, world.author_id).hidden_now is False
    assert _report(b, world.author_id, "unkind").hidden_now is False
    assert _user(world.author_id).hidden_at is None
    result = _report(c, world.author_id, "other", "Reclame")
    assert result.hidden_now is True
    assert _user(world.author_id).hidden_at is not None
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "moderation.auto_hide"))
    assert entry is not None and entry.actor_id is None and entry.target_key == "profile"
    assert entry.target_id == str(world.author_id) and entry.subject_id == world.author_id and entry.pc4 == "3603"
    assert len(_notes(world.author_id, "moderation_notice")) == 1  # the author hears it is offline for now


def test_the_same_resident_reporting_twice_counts_once(ctx, world) -> None:
    (a, _), (b, _) = world.residents[:2]
    _report(a, world.author_id)
    with pytest.raises(AlreadyReported):
        _report(a, world.author_id, "unkind")
    with pytest.raises(AlreadyReported):
        _report(a, world.author_id)
    _report(b, world.author_id)
    assert _reports() == 2
    assert _user(world.author_id).hidden_at is None  # two distinct residents: below the threshold of 3


def test_the_threshold_is_a_setting(ctx, world) -> None:
    settings.set_value("report_threshold", "1")
    assert _report(world.residents[0][0], world.author_id).hidden_now is True


def test_a_dismissed_report_no_longer_counts_towards_the_threshold(ctx, world) -> None:
    (a, _), (b, _), (c, _) = world.residents[:3]
    _report(a, world.author_id)
    _report(b, world.author_id)
    services.dismiss_reports(_user(world.manager_id), "profile", world.author_id)
    assert _report(c, world.author_id).hidden_now is False  # only one open report now


@pytest.mark.parametrize("reason, text, error, field", [
    ("rude", "", InvalidReport, "reason"),
    ("other", "", InvalidReport, "text"),
    ("spam", "x" * 1001, InvalidReport, "text"),
])
def test_invalid_reports_store_nothing(ctx, world, reason, text, error, field) -> None:
    with pytest.raises(error) as info:
        _report(world.residents[0][0], world.author_id, reason, text)
    assert info.value.field == field
    assert _reports() == 0


def test_nobody_reports_their_own_profile(ctx, world) -> None:
    with pytest.raises(CannotReportOwn):
        _report(world.author_id, world.author_id)
    assert _reports() == 0


def test_unknown_content_is_not_found(ctx, world) -> None:
    with pytest.raises(UnknownContent):
        services.report_content(_user(world.residents[0][0]), content_key="nothing", object_id=1, reason="spam")
    with pytest.raises(UnknownContent):
        _report(world.residents[0][0], 999_999)


def test_unconfirmed_and_blocked_residents_cannot_report(ctx, world) -> None:
    unconfirmed = factories.user(verified=False)
    with pytest.raises(NotAllowed):
        _report(unconfirmed.id, world.author_id)
    blocked = _user(world.residents[0][0])
    services.block_user(_user(world.admin_id), blocked.id, "spam")
    with pytest.raises(NotAllowed):
        _report(blocked.id, world.author_id)
    assert _reports() == 0


def test_hidden_content_cannot_be_reported_by_residents(ctx, world) -> None:
    services.hide_content(_user(world.manager_id), "profile", world.author_id, "Reclame")
    with pytest.raises(UnknownContent):
        _report(world.residents[0][0], world.author_id)


def test_reporters_hear_the_outcome_without_the_reason(ctx, world) -> None:
    (a, _), (b, _) = world.residents[:2]
    _report(a, world.author_id)
    _report(b, world.author_id)
    services.hide_content(_user(world.manager_id), "profile", world.author_id, "Geheime reden voor de schrijver")
    for reporter in (a, b):
        notes = _notes(reporter, "report_outcome")
        assert len(notes) == 1 and "taken it offline" in notes[0]
        assert "Geheime reden" not in notes[0]
    assert all(r.outcome == ReportOutcome.HIDDEN and r.resolved_by_id == world.manager_id
               for r in db.session.scalars(select(Report)))
    author_notes = _notes(world.author_id, "moderation_notice")
    assert any("Geheime reden voor de schrijver" in n for n in author_notes)


def test_my_data_and_account_deletion(ctx, world) -> None:
    from wijkhulp.accounts import services as accounts

    reporter = _user(world.residents[0][0])
    _report(reporter.id, world.author_id, "other", "Dit profiel is reclame")
    exported = accounts.export_data(reporter)["reports"]
    assert exported == [{"about": "profile", "number": world.author_id, "reason": "other",
                         "text": "Dit profiel is reclame", "created_at": exported[0]["created_at"], "outcome": None}]
    accounts.delete_account(reporter, password=factories.PASSWORD)
    report = db.session.scalar(select(Report))
    assert report is not None and report.text == "" and report.reporter_id == reporter.id
