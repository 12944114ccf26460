"""Profile, settings, my data, deleting the account, public profiles and the admin's user pages."""

from __future__ import annotations

import json

from sqlalchemy import select

from tests import factories
from wijkhulp.accounts.models import Role, User
from wijkhulp.extensions import db


def _new_user(app, **kw):
    with app.app_context():
        user = factories.user(**kw)
        return user.id, user.email


def test_edit_profile(app, client):
    uid, email = _new_user(app)
    factories.login(client, email)
    response = client.post("/account/profile", data={"display_name": "Kees", "postcode": "3621 ab", "bio": "Hallo",
                                                     "skills": "tuin", "languages": "Nederlands"})
    assert response.status_code == 302
    with app.app_context():
        user = db.session.get(User, uid)
        assert (user.display_name, user.postcode, user.pc4, user.skills) == ("Kees", "3621 AB", "3621", "tuin")


def test_profile_refusals_store_nothing(app, client):
    uid, email = _new_user(app, display_name="Kees")
    factories.login(client, email)
    for data, field in (({"display_name": "Piet", "postcode": "1020 ZZ"}, "postcode"),
                        ({"display_name": "P", "postcode": "3601 AB"}, "display_name"),
                        ({"display_name": "Piet", "postcode": "3601 AB", "bio": "x" * 1001}, "bio")):
        response = client.post("/account/profile", data=data)
        assert response.status_code == 422
        assert f'id="{field}-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(User, uid).display_name == "Kees"


def test_settings_language_and_phone(app, client):
    uid, email = _new_user(app)
    factories.login(client, email)
    bad = client.post("/account/settings", data={"locale": "nl", "phone": "12"})
    assert bad.status_code == 422
    tampered = client.post("/account/settings", data={"locale": "fr"})
    assert tampered.status_code == 422
    ok = client.post("/account/settings", data={"locale": "en", "phone": "06 1234 5678", "share_phone": "y"})
    assert ok.status_code == 302
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)
    with app.app_context():
        user = db.session.get(User, uid)
        assert user.phone == "0612345678" and user.share_phone_default and user.locale == "en"


def test_public_profile_shows_only_name_and_area(app, client):
    uid, email = _new_user(app, display_name="Jannie", postcode="3621 XY", bio="Ik brei graag")
    html = client.get(f"/people/{uid}").get_data(as_text=True)
    assert "Breukelen" in html and "3621" in html
    assert "Jannie" not in html and "3621 XY" not in html and email not in html
    viewer = _new_user(app)[1]
    factories.login(client, viewer)
    html = client.get(f"/people/{uid}").get_data(as_text=True)
    assert "Jannie" in html and "3621 XY" not in html and email not in html
    assert client.get("/people/999999").status_code == 404


def test_download_my_data(app, client):
    uid, email = _new_user(app, display_name="Gerrit", phone="0612345678")
    factories.login(client, email)
    response = client.get("/account/data.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == email
    assert data["account"]["display_name"] == "Gerrit"
    assert data["account"]["phone"] == "0612345678"
    assert "notifications" in data


def test_delete_account_leaves_no_personal_data(app, client):
    uid, email = _new_user(app, display_name="Hendrikje", postcode="3632 QR", phone="0687654321",
                           bio="Mijn geheime bio", skills="Breien bij Hendrikje", languages="Papiamentu")
    factories.login(client, email)
    client.post("/account/settings", data={"locale": "nl", "phone": "0687654321"})
    wrong = client.post("/account/delete", data={"password": "fout fout fout", "confirm": "y"})
    assert wrong.status_code == 422
    unticked = client.post("/account/delete", data={"password": factories.PASSWORD})
    assert unticked.status_code == 422
    response = client.post("/account/delete", data={"password": factories.PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    assert client.get("/account/").status_code == 302  # signed out
    personal = [email, "Hendrikje", "3632 QR", "0687654321", "Mijn geheime bio", "Breien", "Papiamentu"]
    with app.app_context():
        user = db.session.get(User, uid)
        assert user.is_deleted and user.public_name in ("a former resident", "een oud-bewoner")
        # no personal value survives in any text column of any table
        for table in db.metadata.sorted_tables:
            text_cols = [c.name for c in table.columns if c.type.python_type is str]
            if not text_cols:
                continue
            for row in db.session.execute(select(*[table.c[name] for name in text_cols])):
                for value in row:
                    for secret in personal:
                        assert not (value and secret.lower() in str(value).lower()), (table.name, secret)
    response = client.post("/login", data={"email": email, "password": factories.PASSWORD})
    assert response.status_code == 422
    assert client.get(f"/people/{uid}").status_code == 404


def test_admin_user_pages(app, client):
    with app.app_context():
        admin_email = factories.admin().email
        uid = factories.user(display_name="Sanne").id
    factories.login(client, admin_email)
    html = client.get("/admin/users?q=sanne").get_data(as_text=True)
    assert "Sanne" in html
    assert client.post(f"/admin/users/{uid}/role", data={"role": "manager"}).status_code == 302
    assert client.post(f"/admin/users/{uid}/role", data={"role": "koning"}).status_code == 422
    assert client.post(f"/admin/users/{uid}/block", data={"reason": ""}).status_code == 422
    assert client.post(f"/admin/users/{uid}/block", data={"reason": "spam"}).status_code == 302
    with app.app_context():
        user = db.session.get(User, uid)
        assert user.role == Role.MANAGER and user.is_blocked
    assert client.post(f"/admin/users/{uid}/unblock").status_code == 302
    assert client.get("/admin/users/999999").status_code == 404


def test_admin_cannot_demote_themselves(app, client):
    with app.app_context():
        admin = factories.admin()
        admin_id, admin_email = admin.id, admin.email
    factories.login(client, admin_email)
    assert client.post(f"/admin/users/{admin_id}/role", data={"role": "resident"}).status_code == 422


def test_residents_and_managers_cannot_reach_user_admin(app, client):
    with app.app_context():
        email = factories.manager().email
        uid = factories.user().id
    factories.login(client, email)
    assert client.get("/admin/users").status_code == 403
    assert client.post(f"/admin/users/{uid}/block", data={"reason": "x"}).status_code == 403


def test_overview_links_to_my_activity(app, client):
    uid, email = _new_user(app)
    factories.login(client, email)
    html = client.get("/account/").get_data(as_text=True)
    endpoints = app.view_functions
    with app.test_request_context():
        from flask import url_for

        for endpoint in ("marketplace.my_listings", "ideas.mine", "proposals.mine", "organisations.mine"):
            if endpoint in endpoints:
                assert f'href="{url_for(endpoint)}"' in html
