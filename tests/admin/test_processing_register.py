"""The processing register (AVG art. 30): admins only, generated from every PersonalData entry, retention from
the settings, with a CSV download through the one CSV writer."""

from __future__ import annotations

import csv
import io

import pytest

from tests import factories
from wijkhulp.registry import personal_data
from wijkhulp.registry import settings as setting_registry
from wijkhulp.registry.personal_data import REGISTER_FIELDS, PersonalData
from wijkhulp.settings import services as settings

URL = "/admin/processing-register/"
CSV_URL = "/admin/processing-register/register.csv"


def _signed_in(app, client, make):
    with app.app_context():
        person = make()
        email = person.email
    factories.login(client, email)


def _csv(response):
    text = response.get_data(as_text=True).lstrip("\ufeff")
    delimiter = ";" if "excel" in response.headers["Content-Disposition"] else ","
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


@pytest.mark.parametrize("make", [factories.user, factories.manager])
def test_residents_and_managers_get_403(app, client, make):
    _signed_in(app, client, make)
    assert client.get(URL).status_code == 403
    assert client.get(CSV_URL).status_code == 403


def test_visitors_are_sent_to_sign_in(client):
    for url in (URL, CSV_URL):
        response = client.get(url)
        assert response.status_code in (302, 401, 403)
        assert "Purpose" not in response.get_data(as_text=True)


def test_every_registered_processing_has_every_field_and_appears_on_the_page_and_in_the_csv(app, client):
    _signed_in(app, client, factories.admin)
    page = client.get(URL)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    rows = _csv(client.get(CSV_URL))
    assert rows[0] == ["key", "purpose", "data_subjects", "data_categories", "recipients", "legal_basis",
                       "retention"]
    by_key = {row[0]: row for row in rows[1:]}
    with app.test_request_context():
        holders = personal_data.holders()
        assert {h.key for h in holders} >= {"account", "marketplace", "notifications", "neighbourhood_plans",
                                            "ideas", "organisations", "reports", "sign_ins", "two_step_sign_in"}
        for holder in holders:
            for field in REGISTER_FIELDS:
                text = str(getattr(holder, field))
                assert text.strip(), (holder.key, field)
                assert text in by_key[holder.key], (holder.key, field)
            assert str(holder.purpose) in html and f'id="processing-{holder.key}"' in html
            assert by_key[holder.key][6].strip(), holder.key
            for key in holder.retention:
                assert setting_registry.spec(key) is not None, (holder.key, key)
    assert len(by_key) == len(holders)


def test_retention_in_the_register_follows_the_settings(app, client):
    _signed_in(app, client, factories.admin)
    row = {r[0]: r for r in _csv(client.get(CSV_URL))[1:]}["notifications"]
    assert "6 months" in row[6] and "90 days" in row[6]
    with app.app_context():
        settings.set_value("retention_notifications_months", "3")
        settings.set_value("retention_sent_mail_days", "30")
    row = {r[0]: r for r in _csv(client.get(CSV_URL))[1:]}["notifications"]
    assert "3 months" in row[6] and "30 days" in row[6] and "6 months" not in row[6]
    assert "3 months" in client.get(URL).get_data(as_text=True)
    plans = {r[0]: r for r in _csv(client.get(CSV_URL))[1:]}["neighbourhood_plans"]
    assert "7 years" in plans[6]


def test_the_excel_download_has_dutch_headers_and_semicolons(app, client):
    _signed_in(app, client, factories.admin)
    response = client.get(CSV_URL + "?format=excel")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "processing-register-excel.csv" in response.headers["Content-Disposition"]
    rows = _csv(response)
    assert rows[0][:2] == ["Processing", "Purpose"]  # English UI in these tests; Dutch labels in nl


def test_the_admin_menu_links_to_the_register(app, client):
    _signed_in(app, client, factories.admin)
    assert 'href="/admin/processing-register/"' in client.get("/admin/").get_data(as_text=True)


def test_an_entry_without_register_fields_is_refused():
    def noop(user):
        return None

    complete = {"purpose": "p", "data_subjects": "s", "data_categories": "c", "recipients": "r",
                "legal_basis": "b", "retention_note": "as long as the account"}
    PersonalData("ok", export=noop, erase=noop, **complete)
    for field in REGISTER_FIELDS:
        with pytest.raises(ValueError, match=field):
            PersonalData("bad", export=noop, erase=noop, **{**complete, field: " "})
    with pytest.raises(ValueError, match="retention"):
        PersonalData("bad", export=noop, erase=noop, **{**complete, "retention_note": ""})
    with pytest.raises(TypeError):
        PersonalData("bad", export=noop, erase=noop)  # the fields are required
