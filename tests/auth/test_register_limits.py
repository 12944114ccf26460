"""Registration limits: a library helping many people sign up from one address is not locked out. Per client
address only accounts made count; every try with one e-mail address counts for that address; the 429 page says
truthfully how long to wait (from the limiter's own reset time)."""

from __future__ import annotations

import re
import time

import pytest
from sqlalchemy import func, select

from wijkhulp.accounts.models import User
from wijkhulp.auth.views import REGISTRATION_TRIES_PER_EMAIL, REGISTRATIONS_PER_ADDRESS
from wijkhulp.extensions import db

PER_ADDRESS = int(REGISTRATIONS_PER_ADDRESS.split()[0])
PER_EMAIL = int(REGISTRATION_TRIES_PER_EMAIL.split()[0])


@pytest.fixture
def app(make_app):
    return make_app(RATELIMIT_ENABLED=True, BABEL_DEFAULT_LOCALE="nl")


def _form(n: int, **changes: str) -> dict[str, str]:
    data = {"display_name": f"Bewoner {n}", "email": f"bewoner{n}@example.org", "password": "mijn fiets is blauw",
            "password_repeat": "mijn fiets is blauw", "postcode": "3601 AB", "accept_terms": "y",
            "age_confirmed": "y"}
    data.update(changes)
    return data


def _users(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def test_the_limits_are_generous_enough_for_a_library():
    assert PER_ADDRESS >= 20 and 3 <= PER_EMAIL <= 10


def test_a_library_signs_up_many_people_and_failed_forms_never_count(app):
    client = app.test_client()
    for n in range(40):  # forms that fail: a password too short, from the same address
        assert client.post("/register", data=_form(n, password="kort", password_repeat="kort")).status_code == 422
    statuses = [client.post("/register", data=_form(n)).status_code for n in range(PER_ADDRESS)]
    assert statuses == [302] * PER_ADDRESS
    assert _users(app) == PER_ADDRESS
    refused = client.post("/register", data=_form(999))
    assert refused.status_code == 429 and _users(app) == PER_ADDRESS


def test_the_429_page_says_how_long_to_wait(app):
    client = app.test_client()
    for n in range(PER_ADDRESS):
        client.post("/register", data=_form(n))
    before = time.time()
    refused = client.post("/register", data=_form(999))
    assert refused.status_code == 429
    wait = int(refused.headers["Retry-After"])
    assert 3590 <= wait <= 3602  # the first registration, an hour ago at most, frees the first place
    minutes = int(re.search(r"Je kunt het over (\d+) minuten opnieuw proberen", refused.get_data(as_text=True))[1])
    assert minutes == -(-wait // 60) and 59 <= minutes <= 61
    assert time.time() - before < 5


def test_tries_with_one_e_mail_address_are_limited_but_another_address_is_not(app):
    client = app.test_client()
    same = {"email": "truus@example.org"}
    statuses = [client.post("/register", data=_form(n, password="kort", password_repeat="kort", **same)).status_code
                for n in range(PER_EMAIL + 1)]
    assert statuses == [422] * PER_EMAIL + [429]
    page = client.post("/register", data=_form(1, **same)).get_data(as_text=True)
    assert "Te vaak geprobeerd" in page and "minuten opnieuw proberen" in page
    assert _users(app) == 0
    assert client.post("/register", data=_form(2)).status_code == 302  # the same computer, another person


def test_other_429_pages_also_tell_the_wait(app):
    from tests import factories

    with app.app_context():
        email = factories.user().email
    client = app.test_client()
    statuses = [client.post("/login", data={"email": email, "password": "fout wachtwoord hier"}).status_code
                for _ in range(11)]
    assert statuses[-1] == 429
    assert 1 <= int(client.post("/login", data={"email": email, "password": "x"}).headers["Retry-After"]) <= 61
