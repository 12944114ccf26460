"""Every moderation action writes one audit entry and tells the author; managers act only in their
neighbourhoods (admins everywhere); blocked accounts cannot sign in or post."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from wijkhulp.accounts.models import User
from wijkhulp.accounts.permissions import can_post
from wijkhulp.audit import AuditEntry
from wijkhulp.errors import NotAllowed, NotFound
from wijkhulp.extensions import db
from wijkhulp.moderation import services
from wijkhulp.moderation.models import NoAuthor, NoReason, NotAManager, NothingToDo
from wijkhulp.moderation.permissions import can_moderate, can_moderate_user
from wijkhulp.notifications.models import Notification, OutboxMail


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    assert user is not None
    return user


def _entries(action: str | None = None) -> list[AuditEntry]:
    stmt = select(AuditEntry).order_by(AuditEntry.id)
    if action:
        stmt = stmt.where(AuditEntry.action == action)
    return list(db.session.scalars(stmt))


def _notices(user_id: int) -> list[str]:
    return list(db.session.scalars(select(Notification.message).where(
        Notification.user_id == user_id, Notification.event == "moderation_notice").order_by(Notification.id)))


def _report_three(world: Any) -> None:
    for reporter_id, _ in world.residents[:3]:
        services.report_content(_user(reporter_id), content_key="profile", object_id=world.author_id,
                                reason="spam")


def test_hide_then_restore_each_write_one_entry(ctx, world) -> None:
    manager = _user(world.manager_id)
    before = len(_entries())
    services.hide_content(manager, "profile", world.author_id, "Dit is reclame.")
    assert _user(world.author_id).is_hidden
    services.restore_content(manager, "profile", world.author_id, "Aangepast")
    assert not _user(world.author_id).is_hidden
    entries = _entries()[before:]
    assert [e.action for e in entries] == ["moderation.hide", "moderation.restore"]
    hide = entries[0]
    assert (hide.actor_id, hide.target_key, hide.target_id, hide.reason, hide.pc4, hide.subject_id) == (
        world.manager_id, "profile", str(world.author_id), "Dit is reclame.", "3603", world.author_id)
    notices = _notices(world.author_id)
    assert "Dit is reclame." in notices[0] and "online again" in notices[1]


def test_remove_replaces_the_text_and_keeps_the_record(ctx, world) -> None:
    services.remove_content(_user(world.manager_id), "profile", world.author_id, "Reclame hoort hier niet.")
    author = _user(world.author_id)
    assert author.bio == "" and author.display_name == "Erik" and author.is_hidden
    assert [e.action for e in _entries("moderation.remove")] == ["moderation.remove"]
    assert "Reclame hoort hier niet." in _notices(world.author_id)[-1]


def test_warn_sends_the_author_a_message(ctx, world) -> None:
    _report_three(world)
    author = services.warn_author(_user(world.manager_id), "profile", world.author_id, "Geen reclame graag.")
    assert author.id == world.author_id
    entry = _entries("moderation.warn")[0]
    assert entry.subject_id == world.author_id and entry.reason == "Geen reclame graag."
    assert "Geen reclame graag." in _notices(world.author_id)[-1]
    assert _user(world.author_id).is_hidden  # a warning leaves the item as it is


def test_dismiss_closes_the_reports_and_brings_the_item_back(ctx, world) -> None:
    _report_three(world)
    assert _user(world.author_id).is_hidden
    assert services.dismiss_reports(_user(world.manager_id), "profile", world.author_id) == 3
    assert not _user(world.author_id).is_hidden
    assert len(_entries("moderation.dismiss")) == 1
    with pytest.raises(NothingToDo):
        services.dismiss_reports(_user(world.manager_id), "profile", world.author_id)
    assert len(_entries("moderation.dismiss")) == 1


def test_block_and_unblock_write_entries_and_tell_the_person(ctx, world, app) -> None:
    manager = _user(world.manager_id)
    services.block_user(manager, world.author_id, "Herhaaldelijk reclame.")
    author = _user(world.author_id)
    assert author.is_blocked and not can_post(author)
    mail = db.session.scalar(select(OutboxMail).where(OutboxMail.to_address == world.author_email))
    assert mail is not None and "Herhaaldelijk reclame." in mail.body
    with pytest.raises(NothingToDo):
        services.block_user(manager, world.author_id, "Nog eens")
    services.unblock_user(manager, world.author_id, "Afspraken gemaakt")
    assert not _user(world.author_id).is_blocked
    assert [e.action for e in _entries() if e.action.startswith("user.")] == ["user.block", "user.unblock"]
    assert all(e.subject_id == world.author_id and e.actor_id == world.manager_id
               for e in _entries() if e.action.startswith("user."))


@pytest.mark.parametrize("action", [services.hide_content, services.remove_content, services.warn_author])
def test_decisions_that_the_author_reads_need_a_reason(ctx, world, action: Callable[..., Any]) -> None:
    before = len(_entries())
    with pytest.raises(NoReason):
        action(_user(world.manager_id), "profile", world.author_id, "   ")
    assert len(_entries()) == before and not _user(world.author_id).is_hidden


def test_nothing_to_do_is_refused_and_not_logged(ctx, world) -> None:
    before = len(_entries())
    with pytest.raises(NothingToDo):
        services.restore_content(_user(world.manager_id), "profile", world.author_id)
    with pytest.raises(NothingToDo):
        services.approve_content(_user(world.manager_id), "profile", world.author_id)
    with pytest.raises(NothingToDo):
        services.unblock_user(_user(world.manager_id), world.author_id)
    assert len(_entries()) == before


# ---------------------------------------------------------------- scope

def test_a_manager_cannot_act_outside_their_neighbourhoods(ctx, world) -> None:
    manager = _user(world.manager_id)
    before = len(_entries())
    for action in (services.hide_content, services.remove_content, services.warn_author):
        with pytest.raises(NotAllowed):
            action(manager, "profile", world.outsider_id, "reden")
    for action in (services.restore_content, services.dismiss_reports):
        with pytest.raises(NotAllowed):
            action(manager, "profile", world.outsider_id)
    with pytest.raises(NotAllowed):
        services.approve_content(manager, "profile", world.outsider_id)
    with pytest.raises(NotAllowed):
        services.block_user(manager, world.outsider_id, "reden")
    outsider = _user(world.outsider_id)
    assert not outsider.is_hidden and not outsider.is_blocked and outsider.bio
    assert len(_entries()) == before


def test_the_other_manager_and_the_admin_can_act_there(ctx, world) -> None:
    services.hide_content(_user(world.other_manager_id), "profile", world.outsider_id, "reden")
    services.restore_content(_user(world.admin_id), "profile", world.outsider_id)
    services.hide_content(_user(world.admin_id), "profile", world.author_id, "reden")
    assert [e.actor_id for e in _entries() if e.action.startswith("moderation.")] == [
        world.other_manager_id, world.admin_id, world.admin_id]


def test_permissions(ctx, world) -> None:
    manager, admin, resident = _user(world.manager_id), _user(world.admin_id), _user(world.residents[0][0])
    author, outsider, other = _user(world.author_id), _user(world.outsider_id), _user(world.other_manager_id)
    assert can_moderate(manager, "profile", author) and not can_moderate(manager, "profile", outsider)
    assert can_moderate(admin, "profile", outsider) and not can_moderate(resident, "profile", author)
    assert not can_moderate(manager, "unknown", author)
    assert can_moderate_user(manager, author) and not can_moderate_user(manager, outsider)
    assert not can_moderate_user(manager, manager) and not can_moderate_user(manager, other)
    assert can_moderate_user(admin, other) and not can_moderate_user(admin, admin)
    author.pc4 = None  # content without an area: admins only
    assert not can_moderate(manager, "profile", author) and can_moderate(admin, "profile", author)
    db.session.rollback()


def test_a_manager_cannot_block_a_manager_and_nobody_blocks_themselves(ctx, world) -> None:
    manager_in_maarssen = _user(world.manager_id)
    colleague = _user(world.other_manager_id)
    colleague.pc4 = "3601"
    db.session.commit()
    with pytest.raises(NotAllowed):
        services.block_user(manager_in_maarssen, colleague.id, "reden")
    with pytest.raises(NotAllowed):
        services.block_user(_user(world.admin_id), world.admin_id, "reden")


def test_warning_a_former_resident_is_refused(ctx, world) -> None:
    author = _user(world.author_id)
    from wijkhulp.accounts import services as accounts

    accounts.delete_account(author, password="lange-test-zin-42")
    with pytest.raises(NoAuthor):
        services.warn_author(_user(world.admin_id), "profile", world.author_id, "reden")


# ---------------------------------------------------------------- manager neighbourhoods

def test_assigning_managers_is_for_admins_and_logged(ctx, world) -> None:
    admin, manager = _user(world.admin_id), _user(world.manager_id)
    with pytest.raises(NotAllowed):
        services.assign_manager(manager, neighbourhood_id=world.breukelen_id, user_id=manager.id)
    assert services.assign_manager(admin, neighbourhood_id=world.breukelen_id, user_id=manager.id) is True
    assert services.assign_manager(admin, neighbourhood_id=world.breukelen_id, user_id=manager.id) is False
    assert can_moderate(_user(world.manager_id), "profile", _user(world.outsider_id))
    with pytest.raises(NotAManager):
        services.assign_manager(admin, neighbourhood_id=world.breukelen_id, user_id=world.residents[0][0])
    with pytest.raises(NotFound):
        services.assign_manager(admin, neighbourhood_id=999_999, user_id=manager.id)
    assert services.unassign_manager(admin, neighbourhood_id=world.breukelen_id, user_id=manager.id) is True
    assert services.unassign_manager(admin, neighbourhood_id=world.breukelen_id, user_id=manager.id) is False
    actions = [e.action for e in _entries() if e.actor_id == world.admin_id]
    assert actions == ["manager.assign", "manager.unassign"]
    count = db.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "manager.assign")) or 0
    assert count == 3  # the two of the world fixture (command line) and the admin's
