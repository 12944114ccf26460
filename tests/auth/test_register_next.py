"""A visitor who registers from a page (a team invitation) comes back to it after confirming the e-mail address:
the register form keeps a same-site `next`, the session holds it until the verification link is opened."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests import factories
from tests.mailutil import link_in, mails_to
from wijkhulp.accounts.models import User
from wijkhulp.auth import services
from wijkhulp.extensions import db

NEXT = "/plans/join/abc123"
FORM = {"display_name": "Fatima", "email": "fatima@example.org", "password": "mijn fiets is blauw",
        "password_repeat": "mijn fiets is blauw", "postcode": "3601ab", "accept_terms": "y",
        "age_confirmed": "y"}


def _register(client, outbox, next_url: str | None = NEXT, email: str = "fatima@example.org") -> str:
    """Register through the form with `next`; returns the path of the verification link."""
    url = "/register" if next_url is None else f"/register?next={next_url}"
    response = client.post(url, data={**FORM, "email": email, **({"next": next_url} if next_url else {})})
    assert response.status_code == 302 and response.headers["Location"].endswith("/register/check-email")
    return link_in(mails_to(outbox, email)[-1], "/verify/")


def test_the_register_form_carries_a_same_site_next(client):
    html = client.get(f"/register?next={NEXT}").get_data(as_text=True)
    assert f'<input type="hidden" name="next" value="{NEXT}">' in html
    assert f'href="/login?next={NEXT}"' in html  # "already have an account?" keeps it too


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)",
                                    "plans/join/x", "/\\evil.example"])
def test_a_next_that_could_leave_the_site_is_ignored(client, outbox, target):
    html = client.get("/register", query_string={"next": target}).get_data(as_text=True)
    assert f'<input type="hidden" name="next" value="{target}">' not in html.replace("&#34;", '"')
    client.post("/register", query_string={"next": target}, data={**FORM, "next": target})
    response = client.get(link_in(mails_to(outbox, FORM["email"])[-1], "/verify/"))
    assert response.status_code == 302 and response.headers["Location"].endswith("/account/")


def test_after_verifying_the_new_resident_lands_back_on_the_page(client, outbox):
    path = _register(client, outbox)
    response = client.get(path)
    assert response.status_code == 302 and response.headers["Location"] == NEXT
    again = client.get(path)  # used once: the next visit goes to the account page
    assert again.status_code == 302 and again.headers["Location"].endswith("/account/")


def test_without_next_verifying_goes_to_the_account_page_as_before(client, outbox):
    response = client.get(_register(client, outbox, next_url=None))
    assert response.status_code == 302 and response.headers["Location"].endswith("/account/")


def test_signed_out_the_link_leads_to_sign_in_and_then_back(app, client, outbox):
    path = _register(client, outbox)
    client.post("/logout")
    response = client.get(path)
    assert response.status_code == 302 and response.headers["Location"] == f"/login?next={NEXT}"
    signed_in = client.post(f"/login?next={NEXT}", data={"email": FORM["email"], "password": FORM["password"]})
    assert signed_in.status_code == 302 and signed_in.headers["Location"] == NEXT


def test_someone_elses_link_does_not_use_this_sessions_next(app, client, outbox):
    path = _register(client, outbox)
    with app.app_context():
        other = factories.user(verified=False)
        other_path = f"/verify/{services.make_verification_token(other)}"
        other_id = other.id
    response = client.get(other_path)  # registering no longer signs in, and this link is not this browser's
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    with app.app_context():
        assert db.session.get(User, other_id).is_verified
    assert client.get(path).headers["Location"] == NEXT  # still waiting for the right person


def test_a_signed_in_resident_who_opens_register_goes_to_next(app, client):
    with app.app_context():
        email = factories.user().email
    factories.login(client, email)
    response = client.get(f"/register?next={NEXT}")
    assert response.status_code == 302 and response.headers["Location"] == NEXT


def test_an_invited_neighbour_registers_and_comes_back_to_the_invitation(app, client, outbox):
    """The whole way: an invitation to an address without an account -> the join page -> register -> verify ->
    the join page again -> join."""
    from tests.proposals import helpers as h
    from wijkhulp.proposals.models import Proposal

    with app.app_context():
        proposal = h.draft()
        pid, lead_email = proposal.id, proposal.lead.email
    lead = app.test_client()
    factories.login(lead, lead_email)
    assert lead.post(f"/plans/{pid}/team/invitations", data={"email": "nieuw@example.org"}).status_code == 302
    join = link_in(mails_to(outbox, "nieuw@example.org")[-1], "/plans/join/")
    html = client.get(join).get_data(as_text=True)
    assert f'href="/register?next={join}"' in html
    client.post(f"/register?next={join}", data={**FORM, "email": "nieuw@example.org", "next": join})
    response = client.get(link_in(mails_to(outbox, "nieuw@example.org")[-1], "/verify/"))
    assert response.status_code == 302 and response.headers["Location"] == join
    assert f'action="{join}/accept"' in client.get(join).get_data(as_text=True)  # signed in and confirmed
    assert client.post(f"{join}/accept").status_code == 302
    with app.app_context():
        member = db.session.scalar(select(User).where(User.email == "nieuw@example.org"))
        assert member.id in db.session.get(Proposal, pid).member_ids()
