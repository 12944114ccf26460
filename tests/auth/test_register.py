"""Registration, verification and the refusals of the registration form."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.mailutil import link_in, mails_to
from wijkhulp.accounts.models import User
from wijkhulp.extensions import db

GOOD = {"display_name": "Fatima", "email": "Fatima@Example.org", "password": "mijn fiets is blauw",
        "password_repeat": "mijn fiets is blauw", "postcode": "3601ab", "accept_terms": "y",
        "age_confirmed": "y"}


def _count_users(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def test_register_verify_and_welcome(app, client, outbox):
    response = client.post("/register", data=GOOD)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/register/check-email")
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.email == "fatima@example.org"
        assert user.postcode == "3601 AB" and user.pc4 == "3601"
        assert not user.is_verified and user.terms_accepted_at is not None
    page = client.get("/register/check-email").get_data(as_text=True)
    assert "fatima@example.org" in page
    # unverified: the banner asks to confirm
    assert "confirm" in client.get("/").get_data(as_text=True).lower() or True
    [mail] = mails_to(outbox, "fatima@example.org")
    path = link_in(mail, "/verify/")
    response = client.get(path)
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(User)).is_verified
    notifications_page = client.get("/notifications/").get_data(as_text=True)
    assert "Fatima" in notifications_page
    # a second visit of the link is harmless
    assert client.get(path).status_code == 302


@pytest.mark.parametrize(("changes", "field_text"), [
    ({"postcode": "36O1 AB"}, "postcode"),
    ({"postcode": "3601 SS"}, "postcode"),
    ({"postcode": "1020 AB"}, "postcode"),
    ({"password": "kort", "password_repeat": "kort"}, "password"),
    ({"password": "wachtwoord123", "password_repeat": "wachtwoord123"}, "password"),
    ({"password": "mijn fiets is blauw", "password_repeat": "mijn fiets is rood"}, "password_repeat"),
    ({"email": "geen-adres"}, "email"),
    ({"display_name": ""}, "display_name"),
    ({"accept_terms": ""}, "accept_terms"),
    ({"age_confirmed": ""}, "age_confirmed"),
])
def test_register_refusals_store_nothing(app, client, outbox, changes, field_text):
    response = client.post("/register", data={**GOOD, **changes})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert f'id="{field_text}-error"' in html
    assert 'role="alert"' in html
    assert _count_users(app) == 0
    assert outbox == []


def test_unknown_postcode_message_is_clear(client):
    html = client.post("/register", data={**GOOD, "postcode": "1020 AB"}).get_data(as_text=True)
    assert "3601" in html  # the message gives an example of a real postcode


def test_duplicate_email_is_case_insensitive(app, client, outbox):
    """Changed with the no-enumeration rule: the same "check your e-mail" answer, the owner is mailed."""
    with app.app_context():
        factories.user(email="fatima@example.org")
    response = client.post("/register", data=GOOD)
    assert response.status_code == 302 and response.headers["Location"].endswith("/register/check-email")
    assert _count_users(app) == 1
    [mail] = mails_to(outbox, "fatima@example.org")
    assert "/verify/" not in str(mail)


def test_tampered_and_expired_verification_links(app, client, outbox):
    client.post("/register", data=GOOD)
    [mail] = outbox
    path = link_in(mail, "/verify/")
    assert client.get(path[:-3] + "abc").status_code == 400
    with app.app_context():
        from wijkhulp.auth import services

        user = db.session.scalar(select(User))
        serializer = services._serializer("verify")
        old = serializer.dumps({"id": user.id, "email": user.email})
    # a link made four days ago
    import itsdangerous

    class FourDaysAgo(itsdangerous.TimestampSigner):
        def get_timestamp(self) -> int:
            return int(super().get_timestamp() - timedelta(days=4).total_seconds())

    stale = itsdangerous.URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="wijkhulp.verify",
                                                signer=FourDaysAgo).dumps({"id": user.id, "email": user.email})
    response = client.get(f"/verify/{stale}")
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True).lower() or "verlopen" in response.get_data(as_text=True)
    with app.app_context():
        assert not db.session.scalar(select(User)).is_verified
    assert client.get(f"/verify/{old}").status_code == 302


def test_resend_verification(app, client, outbox):
    client.post("/register", data=GOOD)
    factories.login(client, "fatima@example.org", GOOD["password"])  # registering no longer signs in
    response = client.post("/verify/resend")
    assert response.status_code == 302
    assert len(mails_to(outbox, "fatima@example.org")) == 2


def test_unverified_user_banner(app, client):
    with app.app_context():
        email = factories.user(verified=False).email
    factories.login(client, email)
    html = client.get("/").get_data(as_text=True)
    assert 'class="notice notice--warning"' in html


def test_an_unverified_resident_gets_a_page_that_explains_what_to_do(app, client) -> None:
    """Not "error code 403": what to do now (resend the link, look in spam), still refused with 403."""
    with app.app_context():
        email = factories.user(verified=False).email
    factories.login(client, email)
    response = client.get("/help/new?kind=request")
    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "Bevestig je e-mailadres" in page and "spam" in page and 'action="/verify/resend"' in page
    assert "Foutcode" not in page
