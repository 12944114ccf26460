"""Names people trust are protected: a resident cannot pose as wijkhulp, the municipality or a staff member, also
not with look-alike letters. Staff are not refused; existing names are listed for the admin, not changed."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests import factories
from wijkhulp.accounts.models import User
from wijkhulp.accounts.names import fold
from wijkhulp.extensions import db

FORM = {"email": "nieuw@example.org", "password": "mijn fiets is blauw", "password_repeat": "mijn fiets is blauw",
        "postcode": "3601ab", "accept_terms": "y", "age_confirmed": "y"}
POSERS = ["Wijkhulp", "WIJKHÜLP", "Wijkhu1p", "W1jkhu|p", "w i j k h u l p", "Wіjkhulp",  # Cyrillic і
          "Gemeente", "Gemeënte", "Beheer", "beheerder Jan", "Wijkmanager", "M0derator", "Аdmin",  # Cyrillic А
          "4dm1n", "Αdmin",  # Greek Α
          "Stichtse Vecht", "St1chtse-Vecht", "Team Stichtse Vecht", "Marieke (staff)"]


@pytest.fixture
def staff(app):
    with app.app_context():
        factories.manager(display_name="Marieke (staff)")


@pytest.mark.parametrize("name", POSERS)
def test_registration_refuses_a_name_that_poses_as_staff(app, client, staff, outbox, name):
    response = client.post("/register", data={**FORM, "display_name": name})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="display_name-error"' in html and "Kies een andere naam" in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1
    assert outbox == []


def test_look_alikes_of_a_staff_name_are_refused(app, client, staff):
    for name in ("MARIEKE (STAFF)", "Marieke staff", "Mar1eke (staff)"):
        assert client.post("/register", data={**FORM, "display_name": name}).status_code == 422, name


@pytest.mark.parametrize("name", ["Anna", "Bram", "Lisa", "Mohammed", "Ilse", "Jan de Beer", "Fatima"])
def test_ordinary_names_are_fine(client, name):
    response = client.post("/register", data={**FORM, "display_name": name})
    assert response.status_code == 302, name


def test_the_municipality_name_comes_from_the_setting(app, client):
    from wijkhulp.settings import services as settings

    with app.app_context():
        settings.set_value("municipality_name", "Gemeente Westland")
    assert client.post("/register", data={**FORM, "display_name": "Westland"}).status_code == 422
    assert client.post("/register", data={**FORM, "display_name": "Stichtse Vecht"}).status_code == 302


def test_profile_edit_refuses_a_reserved_name_and_keeps_the_old_one(app, client):
    with app.app_context():
        email = factories.user(display_name="Anna").email
    factories.login(client, email)
    response = client.post("/account/profile", data={"display_name": "Wijkhu1p", "postcode": "3601 AB"})
    assert response.status_code == 422 and 'id="display_name-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(User.display_name).where(User.email == email)) == "Anna"


def test_staff_may_use_the_reserved_words(app, client):
    with app.app_context():
        email = factories.manager(display_name="Marieke").email
    factories.login(client, email)
    response = client.post("/account/profile", data={"display_name": "Marieke (wijkhulp)", "postcode": "3601 AB"})
    assert response.status_code == 302


def test_an_existing_name_is_listed_for_the_admin_and_not_changed(app, client):
    with app.app_context():
        factories.user(display_name="Beheer Maarssen")
        poser = factories.user(display_name="Anna")
        poser.display_name = "W1jkhulp"  # from before the rule
        factories.user(display_name="Gewone Buur")
        admin = factories.admin(display_name="Sanne").email
        db.session.commit()
    resident = app.test_client()
    factories.login(resident, _email(app, "W1jkhulp"))
    assert resident.get("/admin/users/names").status_code in (302, 403, 404)
    assert resident.post("/account/profile", data={"display_name": "W1jkhulp", "postcode": "3601 AB",
                                                   "bio": "Hallo"}).status_code == 302  # keeping it is allowed
    factories.login(client, admin)
    html = client.get("/admin/users/names").get_data(as_text=True)
    assert "Beheer Maarssen" in html and "W1jkhulp" in html and "Gewone Buur" not in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User).where(User.display_name == "W1jkhulp")) == 1


def _email(app, name):
    with app.app_context():
        return db.session.scalar(select(User.email).where(User.display_name == name))


def test_fold():
    assert fold("Wіjkhülp") == fold("wijkhulp") == fold("W1JKHU|P")


def test_registration_stores_the_age_statement_and_my_data_shows_it(app, client, outbox):
    assert client.post("/register", data={**FORM, "display_name": "Fatima", "age_confirmed": ""}).status_code == 422
    assert client.post("/register", data={**FORM, "display_name": "Fatima"}).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(User.age_confirmed_at)) is not None
    factories.login(client, FORM["email"], FORM["password"])
    assert client.get("/account/data.json").get_json()["account"]["age_confirmed_at"]


def test_demo_accounts_have_the_age_statement(app):
    from wijkhulp.accounts.demo import seed_users

    with app.app_context():
        seed_users()
        assert db.session.scalar(select(func.count()).select_from(User).where(User.age_confirmed_at.is_(None))) == 0
