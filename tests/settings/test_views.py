"""/admin/settings: admins only; every field typed; all or nothing; reset per setting."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests import factories
from wijkhulp.extensions import db
from wijkhulp.settings import services as settings
from wijkhulp.settings.models import Setting

URL = "/admin/settings"


def _form_data(**changes: str) -> dict[str, str]:
    data = {"site_name": "wijkhulp", "municipality_name": "Gemeente Stichtse Vecht",
            "contact_name": "Het team van wijkhulp", "contact_email": "wijkhulp@example.org",
            "contact_phone": "14 0346", "contact_hours": "maandag tot en met vrijdag, 9.00 tot 17.00 uur",
            "service_area": "", "test_expiry_days": "30"}
    data.update(changes)
    return data


def _stored(app: Flask) -> dict[str, str]:
    with app.app_context():
        return {row.key: row.value for row in db.session.scalars(db.select(Setting))}


@pytest.fixture
def admin_client(app: Flask, client: FlaskClient, extra_specs: None) -> FlaskClient:
    with app.app_context():
        email = factories.admin().email
    factories.login(client, email)
    return client


def test_visitors_are_sent_to_sign_in(client: FlaskClient):
    response = client.get(URL)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.post(URL, data=_form_data()).status_code == 302
    assert client.post(f"{URL}/site_name/reset").status_code == 302


@pytest.mark.parametrize("make", [factories.user, factories.manager])
def test_residents_and_managers_may_not(app: Flask, client: FlaskClient, make):
    with app.app_context():
        email = make().email
    factories.login(client, email)
    assert client.get(URL).status_code == 403
    assert client.post(URL, data=_form_data(site_name="Gekaapt")).status_code == 403
    assert client.post(f"{URL}/site_name/reset").status_code == 403
    assert _stored(app) == {}


def test_the_page_shows_every_setting_with_the_right_input(admin_client: FlaskClient):
    html = admin_client.get(URL).get_data(as_text=True)
    assert "<h2>General</h2>" in html and "<h2>Contact</h2>" in html and "<h2>Test</h2>" in html
    number = re.search(r'<input[^>]*id="test_expiry_days"[^>]*>', html).group(0)
    assert 'type="number"' in number and 'min="7"' in number and 'max="90"' in number and 'value="30"' in number
    assert re.search(r'<input[^>]*id="test_premoderation"[^>]*type="checkbox"', html)
    assert re.search(r'<input[^>]*id="contact_email"[^>]*type="email"', html)
    assert re.search(r'<textarea[^>]*id="service_area"', html)
    assert "Default: 30." in html and "Default: No." in html and "Default: wijkhulp." in html
    assert "Go back to the default value" not in html        # nothing changed yet
    # language switch and sign out (each in the header and in the phone menu), settings
    assert html.count("<form") == 5


def test_saving_stores_the_changes(app: Flask, admin_client: FlaskClient):
    response = admin_client.post(URL, data=_form_data(site_name="Burenhulp", test_expiry_days="45",
                                                      test_premoderation="y", service_area="3601-3608"))
    assert response.status_code == 302
    assert _stored(app) == {"site_name": "Burenhulp", "test_expiry_days": "45", "test_premoderation": "true",
                            "service_area": "3601-3608"}
    page = admin_client.get(URL).get_data(as_text=True)
    assert "4 settings saved." in page
    assert page.count("Go back to the default value") == 4
    assert 'form="reset-site_name"' in page and f'action="{URL}/site_name/reset"' in page
    # Saving the same values again changes nothing.
    assert admin_client.post(URL, data=_form_data(site_name="Burenhulp", test_expiry_days="45",
                                                  test_premoderation="y", service_area="3601-3608"),
                             follow_redirects=True).status_code == 200
    assert _stored(app)["site_name"] == "Burenhulp"


def test_bad_values_are_shown_beside_their_fields_and_nothing_is_stored(app: Flask, admin_client: FlaskClient):
    response = admin_client.post(URL, data=_form_data(site_name="Burenhulp", test_expiry_days="99",
                                                      contact_email="geen adres", service_area="3601, 1000"))
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Some values are not valid. Nothing was saved." in html
    for field, message in [("test_expiry_days", "The highest allowed value is 90."),
                           ("contact_email", "Enter an e-mail address"),
                           ("service_area", "We do not know postcode area 1000.")]:
        error = re.search(rf'<p class="[^"]*field__error[^"]*" id="{field}-error">(.*?)</p>', html, re.S)
        assert error and message in error.group(1), field
        assert re.search(rf'id="{field}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="{field}"', html)
    assert 'value="Burenhulp"' in html                       # what the admin typed stays in the form
    assert _stored(app) == {}


def test_reset_one_setting(app: Flask, admin_client: FlaskClient):
    with app.app_context():
        settings.set_value("site_name", "Burenhulp")
        settings.set_value("contact_name", "Fatima")
    response = admin_client.post(f"{URL}/site_name/reset")
    assert response.status_code == 302 and response.headers["Location"] == URL
    assert _stored(app) == {"contact_name": "Fatima"}
    assert "is back to its default value" in admin_client.get(URL).get_data(as_text=True)
    assert admin_client.post(f"{URL}/site_name/reset").status_code == 302     # again: fine, nothing to do


def test_reset_an_unknown_setting_is_not_found(admin_client: FlaskClient):
    assert admin_client.post(f"{URL}/nope/reset").status_code == 404
    assert admin_client.get(f"{URL}/site_name/reset").status_code == 405


def test_the_new_site_name_shows_in_the_header(admin_client: FlaskClient):
    admin_client.post(URL, data=_form_data(site_name="Burenhulp Vecht"))
    assert "Burenhulp Vecht" in admin_client.get("/").get_data(as_text=True)
