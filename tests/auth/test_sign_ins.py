"""Sessions end when people say so: each sign-in is a server-side record; signing out ends it, so a copied
session or remember-me cookie no longer works. Attacked the way a thief with a copied cookie would."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, func, select

from tests import factories
from wijkhulp.accounts.models import SignIn, User
from wijkhulp.extensions import db

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/17.5 Mobile/15E148 Safari/604.1")


@pytest.fixture
def person(app):
    with app.app_context():
        return factories.user(email="anna@example.org", display_name="Anna").email


def _sign_in(app, email, *, remember=False, agent=FIREFOX):
    client = app.test_client()
    data = {"email": email, "password": factories.PASSWORD, **({"remember": "y"} if remember else {})}
    response = client.post("/login", data=data, headers={"User-Agent": agent})
    assert response.status_code == 302
    return client


def _signed_in(client) -> bool:
    return client.get("/account/").status_code == 200


def _copy(app, client, *names):
    """A second browser holding copies of the given cookies (what a thief or a shared computer keeps)."""
    thief = app.test_client()
    for name in names:
        cookie = client.get_cookie(name)
        assert cookie is not None, name
        thief.set_cookie(name, cookie.value)
    return thief


def test_a_replayed_session_cookie_no_longer_works_after_signing_out(app, person):
    client = _sign_in(app, person)
    thief = _copy(app, client, "session")
    assert _signed_in(thief)  # the copy works while the sign-in lasts
    assert client.post("/logout").status_code == 302
    assert not _signed_in(client)
    assert not _signed_in(thief)
    assert thief.get("/account/").headers["Location"].startswith("/login")


def test_a_replayed_remember_me_cookie_no_longer_works_after_signing_out(app, person):
    client = _sign_in(app, person, remember=True)
    thief = _copy(app, client, "remember_token")
    assert _signed_in(thief)  # the remember-me cookie alone signs in ...
    client.post("/logout")
    stale = app.test_client()
    stale.set_cookie("remember_token", thief.get_cookie("remember_token").value)
    assert not _signed_in(stale)  # ... but not after the person signed out


def test_signing_out_ends_only_that_device(app, person):
    phone, laptop = _sign_in(app, person, agent=SAFARI), _sign_in(app, person)
    phone.post("/logout")
    assert _signed_in(laptop)


def test_sign_out_everywhere_else_kills_the_other_client_and_keeps_this_one(app, person):
    other, here = _sign_in(app, person, agent=SAFARI), _sign_in(app, person)
    other_copy = _copy(app, other, "session")
    assert here.post("/account/sign-ins/others").status_code == 302
    assert _signed_in(here)
    assert not _signed_in(other) and not _signed_in(other_copy)


def test_sign_out_everywhere_ends_this_device_too(app, person):
    other, here = _sign_in(app, person, remember=True, agent=SAFARI), _sign_in(app, person)
    kept = _copy(app, here, "session")
    remembered = _copy(app, other, "remember_token")
    assert here.post("/account/sign-ins/all").status_code == 302
    for client in (here, other, kept, remembered):
        assert not _signed_in(client)


def test_password_change_ends_every_other_sign_in(app, person):
    other, here = _sign_in(app, person, remember=True, agent=SAFARI), _sign_in(app, person)
    remembered = _copy(app, other, "remember_token")
    response = here.post("/account/password", data={"current_password": factories.PASSWORD,
                                                     "new_password": "een heel nieuw wachtwoord",
                                                     "new_password_repeat": "een heel nieuw wachtwoord"})
    assert response.status_code == 302
    assert _signed_in(here)
    assert not _signed_in(other) and not _signed_in(remembered)


def test_blocking_ends_every_sign_in_and_unblocking_does_not_revive_them(app, person):
    from wijkhulp.moderation import services as moderation

    client = _sign_in(app, person, remember=True)
    copy = _copy(app, client, "session", "remember_token")
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.email == person))
        moderation.block_user(None, user_id, "Spam")
    assert not _signed_in(copy)
    with app.app_context():
        moderation.unblock_user(None, user_id)
    assert not _signed_in(copy)


def test_a_guessed_login_id_gets_nobody_in(app, person):
    """Someone else's user id with my own valid token, or a token that was never issued."""
    from flask.sessions import SecureCookieSessionInterface

    with app.app_context():
        other_id = factories.user().id
    mine = _sign_in(app, person)
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    session = serializer.loads(mine.get_cookie("session").value)
    own_id, token = session["_user_id"].split(":", 1)
    for forged in (f"{other_id}:{token}", f"{own_id}:not-a-token", f"{own_id}:", own_id):
        thief = app.test_client()
        thief.set_cookie("session", serializer.dumps({**session, "_user_id": forged}))
        assert not _signed_in(thief), forged


def test_the_token_is_stored_hashed(app, person):
    from flask.sessions import SecureCookieSessionInterface

    client = _sign_in(app, person)
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    token = serializer.loads(client.get_cookie("session").value)["_user_id"].split(":", 1)[1]
    with app.app_context():
        stored = db.session.scalars(select(SignIn.token_hash)).all()
    assert stored and token not in stored and all(token not in value for value in stored)


def test_the_account_page_lists_devices_and_this_device(app, person):
    _sign_in(app, person, agent=SAFARI)
    here = _sign_in(app, person)
    html = here.get("/account/").get_data(as_text=True)
    assert "Firefox · Windows" in html and "Safari · iPhone" in html
    assert html.count("(dit apparaat)") + html.count("(this device)") == 1
    assert "Gecko/20100101" not in html
    with app.app_context():
        devices = set(db.session.scalars(select(SignIn.device)))
    assert devices == {"Firefox · Windows", "Safari · iPhone"}  # browser and system only, never the full string
    here.post("/account/sign-ins/others")
    html = here.get("/account/").get_data(as_text=True)
    assert "Safari · iPhone" not in html


def test_last_seen_is_refreshed_every_few_minutes_not_on_every_request(app, person):
    client = _sign_in(app, person)
    with app.app_context():
        engine = db.engine
    writes: list[str] = []

    def listen(conn, cursor, statement, *args) -> None:
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            writes.append(statement)

    event.listen(engine, "before_cursor_execute", listen)
    try:
        for _ in range(3):
            assert client.get("/account/").status_code == 200
        assert writes == []
        with app.app_context():
            sign_in = db.session.scalar(select(SignIn))
            sign_in.last_seen_at -= timedelta(minutes=6)
            db.session.commit()
            before = sign_in.last_seen_at
        writes.clear()
        client.get("/account/")
        assert len([w for w in writes if "sign_in" in w]) == 1
    finally:
        event.remove(engine, "before_cursor_execute", listen)
    with app.app_context():
        assert db.session.scalar(select(SignIn.last_seen_at)) > before


def test_pages_for_a_signed_in_person_are_not_stored_static_files_are(app, client, person):
    anonymous = client.get("/")
    assert "no-store" not in anonymous.headers.get("Cache-Control", "")
    signed_in = _sign_in(app, person)
    for path in ("/", "/account/", "/account/data", "/notifications/", "/does-not-exist"):
        assert signed_in.get(path).headers.get("Cache-Control") == "no-store", path
    static = signed_in.get("/static/css/" + _a_css_file(app))
    static.close()
    assert static.status_code == 200
    assert "no-store" not in static.headers.get("Cache-Control", "")


def _a_css_file(app) -> str:
    import os

    return sorted(f for f in os.listdir(os.path.join(app.static_folder, "css")) if f.endswith(".css"))[0]


def test_my_data_lists_my_sign_ins(app, person):
    client = _sign_in(app, person)
    data = client.get("/account/data.json").get_json()
    assert data["sign_ins"] and data["sign_ins"][0]["device"] == "Firefox · Windows"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SignIn)) == 1
