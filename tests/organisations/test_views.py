"""Organisation pages: the public list and page, registering, members and invitations, the managers' check."""

from __future__ import annotations

import pytest

from tests import factories, mailutil
from tests.ideas import helpers
from wijkhulp.accounts.models import User
from wijkhulp.extensions import db
from wijkhulp.organisations.models import Invitation, Membership, Organisation


def _user_id(email: str) -> int:
    return db.session.scalars(db.select(User.id).where(User.email == email)).one()


def test_the_public_list_shows_checked_organisations_only(app, client):
    with app.app_context():
        helpers.organisation(name="Bakkerij De Vecht")
        helpers.organisation(name="Nog niet gecontroleerd", verified=False)
        hidden = helpers.organisation(name="Verborgen")
        hidden.hidden_at = hidden.verified_at
        db.session.commit()
    html = client.get("/organisations").get_data(as_text=True)
    assert "Bakkerij De Vecht" in html
    assert "Nog niet gecontroleerd" not in html and "Verborgen" not in html
    assert "Sign in to register your organisation" in html
    html = client.get("/organisations?type=care").get_data(as_text=True)
    assert "There are no organisations of this kind yet." in html


def test_an_organisation_waiting_for_a_check_is_seen_by_its_members_and_managers_only(app, client):
    with app.app_context():
        member = factories.user(email="lid@example.org")
        factories.manager(email="manager@example.org")
        factories.user(email="ander@example.org")
        org_id = helpers.organisation(coordinator=member, verified=False, name="Wachtend").id
    assert client.get(f"/organisations/{org_id}").status_code == 404
    factories.login(client, "ander@example.org")
    assert client.get(f"/organisations/{org_id}").status_code == 404
    client.post("/logout")
    factories.login(client, "lid@example.org")
    html = client.get(f"/organisations/{org_id}").get_data(as_text=True)
    assert "Waiting for a check." in html and "Members and invitations" in html
    client.post("/logout")
    factories.login(client, "manager@example.org")
    html = client.get(f"/organisations/{org_id}").get_data(as_text=True)
    assert "Approve this organisation" in html


def test_registering_through_the_form(app, client):
    with app.app_context():
        factories.user(email="jan@example.org")
        factories.manager(email="manager@example.org")
    factories.login(client, "jan@example.org")
    page = client.get("/organisations/new")
    assert page.status_code == 200 and 'name="kvk_number"' in page.get_data(as_text=True)
    bad = client.post("/organisations/new", data={"name": "Bakkerij", "type": "business", "kvk_number": "123"})
    assert bad.status_code == 422
    assert "A Chamber of Commerce (KvK) number has 8 digits" in bad.get_data(as_text=True)
    missing = client.post("/organisations/new", data={"name": "", "type": ""})
    assert missing.status_code == 422
    html = missing.get_data(as_text=True)
    assert "Enter the name of the organisation." in html and "Choose what kind of organisation it is." in html
    with app.app_context():
        assert helpers.count(Organisation) == 0
    response = client.post("/organisations/new", data={"name": "Bakkerij De Vecht", "type": "business",
                                                       "website": "bakkerij-devecht.nl", "kvk_number": ""},
                           follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "has been registered" in html and "Waiting for a check." in html
    duplicate = client.post("/organisations/new", data={"name": "bakkerij de vecht", "type": "business"})
    assert duplicate.status_code == 422 and "already registered" in duplicate.get_data(as_text=True)


def test_an_unconfirmed_account_is_told_to_confirm_first(app, client):
    with app.app_context():
        factories.user(email="nieuw@example.org", verified=False)
    factories.login(client, "nieuw@example.org")
    response = client.get("/organisations/new")
    assert response.status_code == 403
    assert "confirmed e-mail address" in response.get_data(as_text=True)


def test_the_check_pages_are_for_managers(app, client):
    with app.app_context():
        factories.user(email="jan@example.org")
        factories.manager(email="manager@example.org")
        org_id = helpers.organisation(verified=False, name="Te controleren").id
    factories.login(client, "jan@example.org")
    assert client.get("/organisations/review").status_code == 403
    assert client.post(f"/organisations/{org_id}/verify").status_code == 403
    assert client.get(f"/organisations/{org_id}/decline").status_code == 403
    client.post("/logout")
    factories.login(client, "manager@example.org")
    assert "Te controleren" in client.get("/organisations/review").get_data(as_text=True)
    bad = client.post(f"/organisations/{org_id}/decline", data={"reason": ""})
    assert bad.status_code == 422 and "Write in a few words why." in bad.get_data(as_text=True)
    assert client.post(f"/organisations/{org_id}/decline", data={"reason": "Geen website"}).status_code == 302
    assert client.post(f"/organisations/{org_id}/verify").status_code == 302
    with app.app_context():
        assert db.session.get(Organisation, org_id).is_verified


def test_inviting_and_accepting_through_the_pages(app, client, outbox):
    with app.app_context():
        coordinator = factories.user(email="jan@example.org")
        factories.user(email="bram@example.org", display_name="Bram")
        org_id = helpers.organisation(coordinator=coordinator, name="Bakkerij De Vecht").id
    factories.login(client, "jan@example.org")
    page = client.get(f"/organisations/{org_id}/members")
    assert page.status_code == 200 and "Invite a colleague or volunteer" in page.get_data(as_text=True)
    bad = client.post(f"/organisations/{org_id}/invitations", data={"email": "geen adres", "role": "member"})
    assert bad.status_code == 422
    assert client.post(f"/organisations/{org_id}/invitations",
                       data={"email": "bram@example.org", "role": "member"}).status_code == 302
    assert client.post(f"/organisations/{org_id}/invitations",
                       data={"email": "nieuw@example.org", "role": "coordinator"}).status_code == 302
    mail = mailutil.mails_to(outbox, "nieuw@example.org")[0]
    link = mailutil.link_in(mail, "/organisations/invitations/")
    client.post("/logout")
    factories.login(client, "bram@example.org")
    html = client.get("/organisations/mine").get_data(as_text=True)
    assert "Invitation to join “Bakkerij De Vecht” as member" in html
    with app.app_context():
        invitation_id = db.session.scalars(db.select(Invitation.id).where(
            Invitation.email == "bram@example.org")).one()
    assert client.get(link).status_code == 200  # someone else's invitation: explained, not an error
    assert "sent to another e-mail address" in client.get(link).get_data(as_text=True)
    page = client.get(f"/organisations/invitations/{invitation_id}")
    assert "Yes, I join" in page.get_data(as_text=True)
    response = client.post(f"/organisations/invitations/{invitation_id}/accept", follow_redirects=True)
    assert "Welcome to “Bakkerij De Vecht”!" in response.get_data(as_text=True)
    with app.app_context():
        assert helpers.count(Membership, Membership.user_id == _user_id("bram@example.org")) == 1


def test_members_pages_are_for_members(app, client):
    with app.app_context():
        member = factories.user(email="lid@example.org")
        factories.user(email="ander@example.org")
        org_id = helpers.organisation(members=[member]).id
        membership_id = db.session.scalars(db.select(Membership.id).where(Membership.user_id == member.id)).one()
    factories.login(client, "ander@example.org")
    assert client.get(f"/organisations/{org_id}/members").status_code == 403
    assert client.post(f"/organisations/{org_id}/invitations", data={"email": "x@example.org"}).status_code == 403
    assert client.get(f"/organisations/{org_id}/edit").status_code == 403
    assert client.post(f"/organisations/{org_id}/members/{membership_id}/remove").status_code == 403
    client.post("/logout")
    factories.login(client, "lid@example.org")
    html = client.get(f"/organisations/{org_id}/members").get_data(as_text=True)
    assert "Leave the organisation" in html and "Invite a colleague" not in html
    assert client.get(f"/organisations/{org_id}/edit").status_code == 403
    response = client.post(f"/organisations/{org_id}/members/{membership_id}/remove", follow_redirects=True)
    assert "You have left" in response.get_data(as_text=True)


def test_the_last_coordinator_cannot_leave(app, client):
    with app.app_context():
        coordinator = factories.user(email="jan@example.org")
        member = factories.user()
        org = helpers.organisation(coordinator=coordinator, members=[member])
        org_id, membership_id = org.id, org.membership_of(coordinator).id
    factories.login(client, "jan@example.org")
    response = client.post(f"/organisations/{org_id}/members/{membership_id}/remove")
    assert response.status_code == 422
    assert "at least one coordinator" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/organisations", "/organisations/new", "/organisations/mine"])
def test_pages_have_no_inline_code(app, client, path):
    with app.app_context():
        factories.user(email="jan@example.org")
    factories.login(client, "jan@example.org")
    html = client.get(path).get_data(as_text=True)
    assert "style=" not in html and "<script" not in html
