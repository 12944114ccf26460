from __future__ import annotations

import re

from flask import url_for
from sqlalchemy import event, select

from tests import factories
from tests.notifications.helpers import person
from wijkhulp.extensions import db
from wijkhulp.notifications import queries, services
from wijkhulp.registry import events as registry
from wijkhulp.notifications.models import NotificationPreference


def _people(app, events, *, notes: int = 2):
    """Anna with `notes` notifications (the newest first in the list), Bram with one; plain values out."""
    with app.app_context():
        anna, bram = person(display_name="Anna"), person(display_name="Bram")
        ids = [services.notify(anna, "test_quiet", message=f"Message {i} for Anna", url=f"/account/?n={i}").id
               for i in range(notes)]
        bram_note = services.notify(bram, "test_quiet", message="Only for Bram").id
        db.session.commit()
        return anna.email, bram.email, ids, bram_note


def _unread(app, email: str) -> int:
    with app.app_context():
        from wijkhulp.accounts.models import User

        user = db.session.scalar(select(User).where(User.email == email))
        return queries.unread_count(user)


def test_pages_need_sign_in(client):
    for path in ("/notifications/", "/notifications/preferences"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.post("/notifications/read-all").status_code == 302


def test_paths_used_in_mail_match_the_routes(app):
    with app.test_request_context():
        assert url_for("notifications.index") == services.NOTIFICATIONS_PATH
        assert url_for("notifications.preferences") == services.PREFERENCES_PATH


def test_list_shows_only_your_own_newest_first_with_unread_marked(app, client, events):
    anna, _bram, ids, _ = _people(app, events)
    factories.login(client, anna)
    page = client.get("/notifications/").get_data(as_text=True)
    assert "Only for Bram" not in page
    assert page.index("Message 1 for Anna") < page.index("Message 0 for Anna")
    assert page.count("notification--unread") == 2
    assert f'href="/notifications/{ids[0]}"' in page
    assert 'class="badge">2<' in page  # the header badge


def test_the_header_badge_counts_with_one_query(app, client, events):
    anna, *_ = _people(app, events, notes=3)
    factories.login(client, anna)
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        page = client.get("/").get_data(as_text=True)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert 'class="badge">3<' in page
    on_notifications = [s for s in statements if re.search(r"\bnotification\b", s)]
    assert len(on_notifications) == 1 and "count(" in on_notifications[0].lower()


def test_no_badge_without_unread_notifications(app, client):
    with app.app_context():
        email = person().email
    factories.login(client, email)
    assert 'class="badge"' not in client.get("/").get_data(as_text=True)


def test_opening_an_item_marks_it_read_and_follows_its_link(app, client, events):
    anna, _bram, ids, bram_note = _people(app, events)
    factories.login(client, anna)
    response = client.get(f"/notifications/{ids[0]}")
    assert response.status_code == 302 and response.headers["Location"] == "/account/?n=0"
    assert _unread(app, anna) == 1
    assert client.get(f"/notifications/{bram_note}").status_code == 404
    assert _unread(app, "nobody") == 0


def test_mark_read_and_mark_all_read(app, client, events):
    anna, bram, ids, bram_note = _people(app, events, notes=3)
    factories.login(client, anna)
    response = client.post(f"/notifications/{ids[1]}/read", follow_redirects=True)
    assert response.status_code == 200 and "The notification is marked as read." in response.get_data(as_text=True)
    assert _unread(app, anna) == 2

    assert client.post(f"/notifications/{bram_note}/read").status_code == 404  # someone else's
    assert client.post("/notifications/999999/read").status_code == 404
    assert _unread(app, bram) == 1

    response = client.post("/notifications/read-all", follow_redirects=True)
    assert "2 notifications are marked as read." in response.get_data(as_text=True)
    assert _unread(app, anna) == 0 and _unread(app, bram) == 1
    assert client.get(f"/notifications/{ids[1]}/read").status_code == 405  # changes only by POST


def test_pagination(app, client, events):
    anna, *_ = _people(app, events, notes=queries.PER_PAGE + 3)
    factories.login(client, anna)
    first = client.get("/notifications/").get_data(as_text=True)
    assert "Page 1 of 2" in first and "?page=2" in first
    second = client.get("/notifications/?page=2").get_data(as_text=True)
    assert second.count("notification--unread") == 3 and "Message 0 for Anna" in second
    assert client.get("/notifications/?page=99").status_code == 200
    assert client.get("/notifications/?page=-1").status_code == 200


def test_mark_forms_carry_a_csrf_token(make_app, events):
    app = make_app(WTF_CSRF_ENABLED=True)
    anna, _bram, ids, _ = _people(app, events)
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    token = token or re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert client.post("/login", data={"email": anna, "password": factories.PASSWORD,
                                       "csrf_token": token.group(1)}).status_code == 302
    page = client.get("/notifications/").get_data(as_text=True)
    assert page.count('name="csrf_token"') >= 3  # sign out, mark all, each item
    assert client.post(f"/notifications/{ids[0]}/read").status_code == 400  # no token: refused
    assert _unread(app, anna) == 2
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post(f"/notifications/{ids[0]}/read", data={"csrf_token": token}).status_code == 302
    assert _unread(app, anna) == 1


# ---------------------------------------------------------------- preferences

def _form(**modes: str) -> dict[str, str]:
    """What the browser sends: every registered event with its default, changed where given."""
    data = {f"mode_{e.key}": e.default_mode for e in registry.event_types()}
    data.update({f"mode_{key}": mode for key, mode in modes.items()})
    return data


def _preferences_of(app, email):
    with app.app_context():
        from wijkhulp.accounts.models import User

        user = db.session.scalar(select(User).where(User.email == email))
        return services.preferences(user)


def test_preferences_form_shows_each_event_with_its_current_choice(app, client, events):
    anna, *_ = _people(app, events)
    factories.login(client, anna)
    page = client.get("/notifications/preferences").get_data(as_text=True)
    for key in ("welcome", "test_now", "test_daily", "test_quiet"):
        assert f'name="mode_{key}"' in page
    assert re.search(r'<input checked[^>]*name="mode_test_daily"[^>]*value="digest"', page) or re.search(
        r'name="mode_test_daily"[^>]*value="digest"[^>]*checked', page)
    assert "<legend" in page and "Once a day" in page


def test_saving_preferences(app, client, events):
    anna, *_ = _people(app, events)
    factories.login(client, anna)
    response = client.post("/notifications/preferences", data=_form(
        welcome="off", test_now="digest", test_daily="immediate", test_quiet="off"))
    assert response.status_code == 302
    prefs = _preferences_of(app, anna)
    assert (prefs["welcome"], prefs["test_now"], prefs["test_daily"]) == ("off", "digest", "immediate")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your choices are saved." in page


def test_tampered_preferences_are_refused_with_a_message(app, client, events):
    anna, *_ = _people(app, events)
    factories.login(client, anna)
    response = client.post("/notifications/preferences", data=_form(test_now="always"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Choose one of the options: immediately, once a day, or no e-mail." in page
    assert 'role="alert"' in page
    assert 'href="#mode_test_now"' in page and 'id="mode_test_now"' in page  # the summary link has a target
    with app.app_context():
        assert db.session.scalars(select(NotificationPreference)).all() == []


def test_a_missing_choice_is_refused(app, client, events):
    anna, *_ = _people(app, events)
    factories.login(client, anna)
    data = _form()
    del data["mode_test_daily"]
    response = client.post("/notifications/preferences", data=data)
    assert response.status_code == 422
    assert "Choose one of the options" in response.get_data(as_text=True)


def test_other_form_fields_are_ignored(app, client, events):
    anna, *_ = _people(app, events)
    factories.login(client, anna)
    response = client.post("/notifications/preferences", data={
        **_form(test_now="off"), "mode_not_an_event": "off", "user_id": "1"})
    assert response.status_code == 302
    with app.app_context():
        events_saved = {p.event for p in db.session.scalars(select(NotificationPreference))}
    assert "not_an_event" not in events_saved

