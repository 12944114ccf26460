from __future__ import annotations

import pytest
from flask_babel import LazyString, get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, text

from tests.notifications.helpers import person
from wijkhulp.registry import personal_data as privacy
from wijkhulp.database import utcnow
from wijkhulp.errors import NotFound
from wijkhulp.extensions import db
from wijkhulp.notifications import services
from wijkhulp.registry import events as registry
from wijkhulp.notifications.models import EmailState, MailKind, Notification, NotificationPreference, OutboxMail


def _count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


# ---------------------------------------------------------------- registry

def test_welcome_is_registered_and_events_keep_their_order(events):
    keys = [e.key for e in registry.event_types()]
    assert keys[0] == "welcome"
    assert keys[-3:] == ["test_now", "test_daily", "test_quiet"]
    assert registry.get_event("test_daily").default_mode == "digest"


@pytest.mark.parametrize("key,mode", [("Bad-Key", "immediate"), ("", "immediate"), ("ok_key", "weekly")])
def test_register_event_refuses_bad_keys_and_modes(key, mode):
    with pytest.raises(ValueError):
        registry.EventType(key, "Label", default_mode=mode)


# ---------------------------------------------------------------- notify and the transaction

def test_notify_writes_notification_and_mail_in_the_callers_transaction(ctx, events):
    user = person(display_name="Anna")
    note = services.notify(user, "test_now", message="Bram reacted to your request.", url="/listings/4")
    assert note is not None and note.email_state == EmailState.QUEUED
    with db.engine.connect() as other:  # not committed yet: nobody else sees it
        assert other.execute(text("SELECT count(*) FROM notification")).scalar() == 0
    db.session.commit()  # the caller's service commits

    mail = db.session.get(OutboxMail, note.mail_id)
    assert mail.kind == MailKind.NOTIFICATION and mail.to_address == user.email and mail.user_id == user.id
    assert "Bram reacted to your request." in mail.body
    assert "http://localhost/listings/4" in mail.body
    assert mail.body.rstrip().endswith("http://localhost/notifications/preferences")
    assert mail.sent_at is None and mail.attempts == 0


def test_a_rollback_removes_notification_and_mail(ctx, events):
    user = person()
    services.notify(user, "test_now", message="Hello")
    db.session.rollback()  # the caller's event failed
    assert _count(Notification) == 0
    assert _count(OutboxMail) == 0


def test_preferences_decide_about_mail(ctx, events):
    user = person()
    immediate = services.notify(user, "test_now", message="a")
    digest = services.notify(user, "test_daily", message="b")
    quiet = services.notify(user, "test_quiet", message="c")
    db.session.commit()
    assert [immediate.email_state, digest.email_state, quiet.email_state] == [
        EmailState.QUEUED, EmailState.DIGEST, EmailState.NONE]
    assert _count(OutboxMail) == 1
    assert _count(Notification) == 3  # the in-app notification is always there

    services.set_preferences(user, {"test_now": "off", "test_daily": "immediate", "test_quiet": "digest"})
    states = [services.notify(user, key, message="x").email_state for key in ("test_now", "test_daily", "test_quiet")]
    db.session.commit()
    assert states == [EmailState.NONE, EmailState.QUEUED, EmailState.DIGEST]
    assert _count(OutboxMail) == 2


def test_no_notification_for_a_deleted_account(ctx, events):
    gone = person(deleted_at=utcnow())
    assert services.notify(gone, "test_now", message="x") is None
    db.session.commit()
    assert _count(Notification) == 0 and _count(OutboxMail) == 0


def test_no_notification_mail_to_an_unconfirmed_address(ctx, events):
    user = person(verified=False)
    note = services.notify(user, "test_now", message="x")
    db.session.commit()
    assert note.email_state == EmailState.NONE
    assert _count(OutboxMail) == 0


def test_notify_refuses_unknown_events_and_foreign_links(ctx, events):
    user = person()
    with pytest.raises(ValueError):
        services.notify(user, "no_such_event", message="x")
    for url in ("https://evil.example/", "//evil.example/x", "listings/4", "/\\evil", "/a\nb"):
        with pytest.raises(ValueError):
            services.notify(user, "test_now", message="x", url=url)


def test_lazy_message_is_rendered_in_the_recipients_language(ctx, events):
    english = person(locale="en")
    dutch = person(locale=None)
    spoken = LazyString(lambda: str(get_locale()))
    assert services.notify(english, "test_quiet", message=spoken).message == "en"
    assert services.notify(dutch, "test_quiet", message=spoken).message == "nl"
    mail = services.queue_mail(to="x@example.org", subject=spoken, body=spoken, locale="en")
    assert mail.subject == "en" and mail.body.startswith("en\n") and mail.locale == "en"


def test_queue_mail_ignores_preferences_and_carries_the_footer(ctx, events):
    user = person()
    services.set_preferences(user, {key: "off" for key in services.preferences(user)})
    mail = services.queue_mail(to=user.email, subject=_l("Confirm your e-mail address"),
                               body="Open this link:\n\nhttp://localhost/verify/abc", user=user)
    db.session.commit()
    assert mail.kind == MailKind.ACCOUNT and mail.subject == "Confirm your e-mail address"
    assert "http://localhost/notifications/preferences" in mail.body
    assert _count(OutboxMail) == 1


def test_queue_mail_keeps_subjects_on_one_line(ctx):
    mail = services.queue_mail(to="a@example.org", subject="Two\nlines\r\nBcc: x@evil.example", body="b")
    assert "\n" not in mail.subject and "\r" not in mail.subject


def test_absolute_url_uses_base_url(ctx):
    assert services.absolute_url("/account/") == "http://localhost/account/"
    assert services.absolute_url("account/") == "http://localhost/account/"
    assert services.absolute_url("https://elsewhere.example/x") == "https://elsewhere.example/x"


# ---------------------------------------------------------------- read marks and preferences

def test_unread_count_and_read_marks(ctx, events):
    user, other = person(), person()
    notes = [services.notify(user, "test_quiet", message=f"m{i}") for i in range(3)]
    theirs = services.notify(other, "test_quiet", message="not yours")
    db.session.commit()
    assert services.unread_count(user) == 3

    services.mark_read(user, notes[0].id)
    assert services.unread_count(user) == 2
    services.mark_read(user, notes[0].id)  # twice is harmless
    with pytest.raises(NotFound):
        services.mark_read(user, theirs.id)
    with pytest.raises(NotFound):
        services.mark_read(user, 999999)
    assert services.unread_count(other) == 1

    assert services.mark_all_read(user) == 2
    assert services.unread_count(user) == 0
    assert services.mark_all_read(user) == 0
    assert services.unread_count(other) == 1


def test_open_notification_gives_its_link(ctx, events):
    user = person()
    note = services.notify(user, "test_quiet", message="x", url="/account/")
    db.session.commit()
    assert services.open_notification(user, note.id) == "/account/"
    assert db.session.get(Notification, note.id).read_at is not None


def test_preferences_have_defaults_and_store_choices(ctx, events):
    user = person()
    prefs = services.preferences(user)
    assert prefs["welcome"] == "immediate"
    assert (prefs["test_now"], prefs["test_daily"], prefs["test_quiet"]) == ("immediate", "digest", "off")
    services.set_preferences(user, {"test_now": "digest"})
    services.set_preferences(user, {"test_now": "off", "test_quiet": "immediate"})
    prefs = services.preferences(user)
    assert (prefs["test_now"], prefs["test_quiet"]) == ("off", "immediate")
    assert _count(NotificationPreference) == 2


@pytest.mark.parametrize("modes,error,field", [
    ({"test_now": "weekly"}, services.InvalidMode, "test_now"),
    ({"test_now": "off", "nope": "off"}, services.UnknownEvent, "nope"),
])
def test_set_preferences_refuses_unknown_events_and_modes(ctx, events, modes, error, field):
    user = person()
    with pytest.raises(error) as caught:
        services.set_preferences(user, modes)
    assert caught.value.field == field and caught.value.status_code == 422
    db.session.rollback()
    assert _count(NotificationPreference) == 0


# ---------------------------------------------------------------- my data and deletion

def test_export_and_erase_user_data(ctx, events):
    user, other = person(), person()
    services.notify(user, "test_now", message="For you", url="/account/")
    services.notify(other, "test_now", message="For someone else")
    services.queue_mail(to=user.email, subject="Reset", body="secret link", user=user)
    services.set_preferences(user, {"test_daily": "off"})

    data = services.export_user_data(user)
    assert [n["message"] for n in data["notifications"]] == ["For you"]
    assert data["email_preferences"]["test_daily"] == "off"
    assert sorted(m["subject"] for m in data["emails"]) == ["Label test_now – wijkhulp", "Reset"]
    assert all("body" not in m for m in data["emails"])  # bodies may hold sign-in links

    services.erase_user_data(user)
    db.session.commit()
    assert db.session.scalar(select(func.count(Notification.id)).where(Notification.user_id == user.id)) == 0
    assert db.session.scalar(select(func.count(OutboxMail.id)).where(OutboxMail.user_id == user.id)) == 0
    assert _count(NotificationPreference) == 0
    assert _count(Notification) == 1 and _count(OutboxMail) == 1  # the other person's stay


def test_notifications_are_registered_as_personal_data():
    holder = {h.name: h for h in privacy.holders()}["notifications"]
    assert holder.export is services.export_user_data and holder.erase is services.erase_user_data
