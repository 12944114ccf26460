"""No one learns who has an account: registering, signing in, a password reset, changing the e-mail address and
inviting someone give the same answer for an address with and without an account. Attacked as an outsider probing
addresses would: compare the two answers, the cookies, the mail, and the work done (a password hash is checked
either way)."""

from __future__ import annotations

import re

import pytest
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import func, select

from tests import factories
from tests.mailutil import body, mails_to
from wijkhulp.accounts.models import User
from wijkhulp.extensions import db

KNOWN, UNKNOWN = "bestaand@example.org", "nieuw-adres@example.org"
FORM = {"display_name": "Fatima", "password": "mijn fiets is blauw", "password_repeat": "mijn fiets is blauw",
        "postcode": "3601ab", "accept_terms": "y", "age_confirmed": "y"}


@pytest.fixture
def known(app):
    with app.app_context():
        return factories.user(email=KNOWN, display_name="Bekende").id


def _users(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def _page(response, *addresses: str) -> str:
    """A page with the probed address and the per-request CSRF token taken out, to compare two answers."""
    html = response.get_data(as_text=True)
    for address in addresses:
        html = html.replace(address, "ADDRESS")
    return re.sub(r'name="csrf_token" value="[^"]*"', "", html)


def _session(app, client) -> dict:
    cookie = client.get_cookie("session")
    return SecureCookieSessionInterface().get_signing_serializer(app).loads(cookie.value) if cookie else {}


def _register(app, email):
    client = app.test_client()
    response = client.post("/register", data={**FORM, "email": email})
    return client, response


def test_registering_a_known_address_looks_the_same_and_mails_the_owner(app, known, outbox):
    new_client, new = _register(app, UNKNOWN)
    old_client, old = _register(app, KNOWN)
    assert (old.status_code, old.headers["Location"]) == (new.status_code, new.headers["Location"])
    # the cookie (readable, only signed) holds the same keys: nobody is signed in in either case
    assert set(_session(app, old_client)) == set(_session(app, new_client))
    assert "_user_id" not in _session(app, new_client) and "_user_id" not in _session(app, old_client)
    assert old_client.get_cookie("remember_token") is None
    follow_new, follow_old = new_client.get(new.headers["Location"]), old_client.get(old.headers["Location"])
    assert follow_new.status_code == follow_old.status_code == 200
    assert _page(follow_new, UNKNOWN) == _page(follow_old, KNOWN)
    assert _users(app) == 2  # the known address got no second account
    [owner_mail] = mails_to(outbox, KNOWN)
    assert "/verify/" not in body(owner_mail) and "/login" in body(owner_mail) and "/password/forgot" in body(owner_mail)
    [new_mail] = mails_to(outbox, UNKNOWN)
    assert "/verify/" in body(new_mail)


def test_a_known_address_with_a_bad_password_gets_the_same_refusal(app, known):
    new = app.test_client().post("/register", data={**FORM, "email": UNKNOWN, "password": "kort",
                                                     "password_repeat": "kort"})
    old = app.test_client().post("/register", data={**FORM, "email": KNOWN, "password": "kort",
                                                     "password_repeat": "kort"})
    assert new.status_code == old.status_code == 422
    assert _page(new, UNKNOWN) == _page(old, KNOWN)


def test_the_link_signs_in_only_in_the_browser_that_registered(app, outbox):
    client, _ = _register(app, UNKNOWN)
    link = re.search(r"http://localhost(/verify/\S+)", body(mails_to(outbox, UNKNOWN)[0])).group(1)
    elsewhere = app.test_client()  # a forwarded or intercepted mail
    assert elsewhere.get(link).headers["Location"].startswith("/login")
    assert elsewhere.get("/account/").status_code == 302
    assert client.get(link).status_code == 302
    assert client.get("/account/").status_code == 200


def test_signing_in_checks_one_password_hash_for_known_and_unknown_addresses(app, known, monkeypatch):
    import werkzeug.security

    from wijkhulp.accounts import models
    from wijkhulp.auth import services

    calls: list[str] = []
    real = werkzeug.security.check_password_hash

    def counting(pwhash: str, password: str) -> bool:
        calls.append(pwhash[:10])
        return real(pwhash, password)

    monkeypatch.setattr(models, "check_password_hash", counting)
    monkeypatch.setattr(services, "check_password_hash", counting)
    answers = {}
    for email in (KNOWN, UNKNOWN, "", "geen-adres"):
        calls.clear()
        response = app.test_client().post("/login", data={"email": email or " ", "password": "verkeerd wachtwoord"})
        answers[email] = _page(response, email) if email else None
        if email:
            assert len(calls) == 1, (email, calls)
    assert answers[KNOWN] == answers[UNKNOWN]
    with app.app_context():
        deleted = factories.user(email="weg@example.org")
        deleted.deleted_at, deleted.password_hash = deleted.created_at, ""
        db.session.commit()
    calls.clear()
    app.test_client().post("/login", data={"email": "weg@example.org", "password": "verkeerd wachtwoord"})
    assert len(calls) == 1


def test_a_password_reset_answers_the_same(app, known, outbox):
    new = app.test_client().post("/password/forgot", data={"email": UNKNOWN})
    old = app.test_client().post("/password/forgot", data={"email": KNOWN})
    assert new.status_code == old.status_code == 200
    assert _page(new, UNKNOWN) == _page(old, KNOWN)
    assert mails_to(outbox, UNKNOWN) == [] and len(mails_to(outbox, KNOWN)) == 1


def test_changing_to_a_taken_address_answers_the_same_and_warns_its_owner(app, known, outbox):
    with app.app_context():
        me = factories.user(email="ik@example.org").email
    client = app.test_client()
    factories.login(client, me)
    client.get("/")
    free = client.post("/account/email", data={"new_email": "vrij@example.org", "password": factories.PASSWORD})
    free_flashes = [m.replace("vrij@example.org", "ADDRESS") for m in _flashes(client)]
    client.get("/")
    mine_after_free = len(mails_to(outbox, me))
    taken = client.post("/account/email", data={"new_email": KNOWN, "password": factories.PASSWORD})
    taken_flashes = [m.replace(KNOWN, "ADDRESS") for m in _flashes(client)]
    assert (free.status_code, free.headers["Location"]) == (taken.status_code, taken.headers["Location"])
    assert free_flashes == taken_flashes and free_flashes
    assert len(mails_to(outbox, me)) == 2 * mine_after_free  # my own mailbox sees the same notice both times
    [owner_mail] = mails_to(outbox, KNOWN)
    assert "/account/email/confirm/" not in body(owner_mail)
    with app.app_context():
        assert db.session.scalar(select(User.email).where(User.id == known)) == KNOWN


def _flashes(client) -> list[str]:
    with client.session_transaction() as session:
        return [m for _, m in session.get("_flashes", [])]


def test_a_plan_invitation_answers_the_same_with_or_without_an_account(app, known, outbox):
    from tests.proposals import helpers as h

    with app.app_context():
        proposal = h.draft()
        pid, lead = proposal.id, proposal.lead.email
    client = app.test_client()
    factories.login(client, lead)
    client.get("/")  # the welcome flash is shown
    answers = []
    for email in (UNKNOWN, KNOWN):
        response = client.post(f"/plans/{pid}/team/invitations", data={"email": email})
        flashes = [m.replace(email, "ADDRESS") for m in _flashes(client)]
        answers.append((response.status_code, response.headers.get("Location"), flashes))
        client.get(response.headers["Location"])  # read the flash
    assert answers[0] == answers[1]
    team = client.get(f"/plans/{pid}/team").get_data(as_text=True)
    assert "Bekende" not in team  # the lead sees the address they typed, not the name of an account behind it


def test_an_organisation_invitation_answers_the_same_with_or_without_an_account(app, known):
    from tests.ideas import helpers

    with app.app_context():
        coordinator = factories.user(email="jan@example.org")
        org_id = helpers.organisation(coordinator=coordinator, name="Bakkerij De Vecht").id
    client = app.test_client()
    factories.login(client, "jan@example.org")
    client.get("/")
    answers = []
    for email in (UNKNOWN, KNOWN):
        response = client.post(f"/organisations/{org_id}/invitations", data={"email": email, "role": "member"})
        flashes = [m.replace(email, "ADDRESS") for m in _flashes(client)]
        answers.append((response.status_code, response.headers.get("Location"), flashes))
        client.get(response.headers["Location"])
    assert answers[0] == answers[1]
    members = client.get(f"/organisations/{org_id}/members").get_data(as_text=True)
    assert "Bekende" not in members
