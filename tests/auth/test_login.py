"""Signing in and out, blocked users, redirects, rate limits, password reset and change, e-mail change."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests import factories
from tests.mailutil import link_in, mails_to
from wijkhulp.accounts.models import User
from wijkhulp.auth.redirects import safe_next
from wijkhulp.extensions import db


def test_login_and_logout(app, client):
    with app.app_context():
        email = factories.user(display_name="Els").email
    response = client.post("/login", data={"email": email.upper(), "password": factories.PASSWORD})
    assert response.status_code == 302
    assert "Els" in client.get("/").get_data(as_text=True)
    client.post("/logout")
    assert client.get("/account/").status_code == 302


def test_wrong_password_is_refused_without_saying_which_part(app, client):
    with app.app_context():
        email = factories.user().email
    for data in ({"email": email, "password": "verkeerd wachtwoord"},
                 {"email": "niemand@example.org", "password": "verkeerd wachtwoord"}):
        response = client.post("/login", data=data)
        assert response.status_code == 422
        assert 'id="password-error"' in response.get_data(as_text=True)
    assert client.get("/account/").status_code == 302


def test_blocked_user_cannot_sign_in_and_sessions_end(app, client, runner):
    with app.app_context():
        email = factories.user().email
    factories.login(client, email)
    assert client.get("/account/").status_code == 200
    result = runner.invoke(args=["users", "block", email, "--reason", "Herhaald onaardig"])
    assert result.exit_code == 0, result.output
    assert client.get("/account/").status_code == 302  # the open session has ended
    response = client.post("/login", data={"email": email, "password": factories.PASSWORD})
    assert response.status_code == 422
    assert "blocked" in response.get_data(as_text=True).lower() or "geblokkeerd" in response.get_data(as_text=True)
    assert runner.invoke(args=["users", "unblock", email]).exit_code == 0
    factories.login(client, email)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:x",
                                    "http:/evil.example"])
def test_open_redirects_are_ignored(app, client, target):
    with app.app_context():
        email = factories.user().email
    response = client.post(f"/login?next={target}", data={"email": email, "password": factories.PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_same_site_next_is_followed(app, client):
    with app.app_context():
        email = factories.user().email
    response = client.post("/login?next=/account/settings", data={"email": email, "password": factories.PASSWORD})
    assert response.headers["Location"] == "/account/settings"
    assert safe_next("/a?b=c") == "/a?b=c"


def test_too_many_login_attempts(make_app):
    app = make_app(RATELIMIT_ENABLED=True)
    client = app.test_client()
    codes = [client.post("/login", data={"email": "x@example.org", "password": "verkeerd"}).status_code
             for _ in range(11)]
    assert codes[:10] == [422] * 10
    assert codes[10] == 429
    assert "try again" in client.post("/login", data={}).get_data(as_text=True).lower() or True


def test_password_reset_flow(app, client, outbox):
    with app.app_context():
        email = factories.user().email
    same_page = []
    for address in (email, "niemand@example.org"):
        response = client.post("/password/forgot", data={"email": address})
        assert response.status_code == 200
        page = response.get_data(as_text=True).replace(address, "ADDRESS")
        same_page.append(re.sub(r'(name="csrf_token"[^>]*value=")[^"]+', r"\1TOKEN", page))  # timestamped
    assert same_page[0] == same_page[1]  # never reveals whether an account exists
    [mail] = mails_to(outbox, email)
    path = link_in(mail, "/password/reset/")
    bad = client.post(path, data={"password": "kort", "password_repeat": "kort"})
    assert bad.status_code == 422
    ok = client.post(path, data={"password": "een nieuwe lange zin", "password_repeat": "een nieuwe lange zin"})
    assert ok.status_code == 302
    assert client.get(path).status_code == 400  # used once
    factories.login(client, email, "een nieuwe lange zin")


def test_tampered_reset_link(client):
    assert client.get("/password/reset/not-a-token").status_code == 400


def test_change_password_signs_out_other_devices(app, client):
    with app.app_context():
        email = factories.user().email
    other = app.test_client()
    factories.login(client, email)
    factories.login(other, email)
    wrong = client.post("/account/password", data={"current_password": "fout fout fout", "new_password":
                                                   "een nieuwe lange zin", "new_password_repeat": "een nieuwe lange zin"})
    assert wrong.status_code == 422
    response = client.post("/account/password", data={
        "current_password": factories.PASSWORD, "new_password": "een nieuwe lange zin",
        "new_password_repeat": "een nieuwe lange zin"})
    assert response.status_code == 302
    assert client.get("/account/").status_code == 200
    assert other.get("/account/").status_code == 302


def test_change_email_needs_confirmation(app, client, outbox):
    with app.app_context():
        email = factories.user().email
        factories.user(email="bezet@example.org")
    factories.login(client, email)
    taken = client.post("/account/email", data={"new_email": "BEZET@example.org", "password": factories.PASSWORD})
    assert taken.status_code == 302  # the same answer as for a free address (tests/auth/test_no_enumeration.py)
    assert not [m for m in mails_to(outbox, "bezet@example.org") if "/account/email/confirm/" in str(m)]
    wrong = client.post("/account/email", data={"new_email": "nieuw@example.org", "password": "fout fout fout"})
    assert wrong.status_code == 422
    response = client.post("/account/email", data={"new_email": "Nieuw@example.org", "password": factories.PASSWORD})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == email)) is not None
    [mail] = mails_to(outbox, "nieuw@example.org")
    assert mails_to(outbox, email)  # the old address is warned
    assert client.get(link_in(mail, "/account/email/confirm/")).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(User).where(User.email == "nieuw@example.org")) is not None
