"""Admin pages under /admin/neighbourhoods."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests import factories
from wijkhulp.extensions import db
from wijkhulp.neighbourhoods import services
from wijkhulp.neighbourhoods.models import Neighbourhood
from wijkhulp.settings.models import Setting

URL = "/admin/neighbourhoods"


def _state(app: Flask) -> list[tuple[str, str, list[str]]]:
    with app.app_context():
        return [(n.name, n.description, n.pc4s)
                for n in db.session.scalars(db.select(Neighbourhood).order_by(Neighbourhood.name))]


def _error(html: str, field: str) -> str:
    match = re.search(rf'<p class="[^"]*field__error[^"]*" id="{field}-error">(.*?)</p>', html, re.S)
    return match.group(1) if match else ""


@pytest.fixture
def maarssen_id(app: Flask) -> int:
    with app.app_context():
        return services.create_neighbourhood(name="Maarssen", areas="3601-3608, 3612").id


@pytest.fixture
def admin_client(app: Flask, client: FlaskClient) -> FlaskClient:
    with app.app_context():
        email = factories.admin().email
    factories.login(client, email)
    return client


def _pages(neighbourhood_id: int) -> list[tuple[str, str, dict[str, str]]]:
    return [("get", URL, {}), ("get", f"{URL}/new", {}), ("post", f"{URL}/new", {"name": "Kockengen"}),
            ("get", f"{URL}/{neighbourhood_id}/edit", {}),
            ("post", f"{URL}/{neighbourhood_id}/edit", {"name": "Gekaapt", "areas": ""}),
            ("get", f"{URL}/{neighbourhood_id}/delete", {}), ("post", f"{URL}/{neighbourhood_id}/delete", {}),
            ("get", f"{URL}/service-area", {}), ("post", f"{URL}/service-area", {"service_area": "3601"})]


def test_visitors_are_sent_to_sign_in(app: Flask, client: FlaskClient, maarssen_id: int):
    for method, url, data in _pages(maarssen_id):
        response = getattr(client, method)(url, data=data)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url


@pytest.mark.parametrize("make", [factories.user, factories.manager])
def test_residents_and_managers_may_not(app: Flask, client: FlaskClient, maarssen_id: int, make):
    with app.app_context():
        email = make().email
    factories.login(client, email)
    for method, url, data in _pages(maarssen_id):
        assert getattr(client, method)(url, data=data).status_code == 403, url
    assert _state(app) == [("Maarssen", "", [*(str(c) for c in range(3601, 3609)), "3612"])]
    with app.app_context():
        assert db.session.get(Setting, "service_area") is None


def test_the_list_shows_areas_places_and_the_service_area(admin_client: FlaskClient, maarssen_id: int):
    html = admin_client.get(URL).get_data(as_text=True)
    assert "Maarssen" in html and "3601-3608, 3612" in html
    assert f'href="{URL}/{maarssen_id}/edit"' in html and f'href="{URL}/{maarssen_id}/delete"' in html
    assert f'href="{URL}/new"' in html and f'href="{URL}/service-area"' in html
    assert "This site serves all of the Netherlands." in html


def test_an_empty_list(admin_client: FlaskClient):
    assert "There are no neighbourhoods yet." in admin_client.get(URL).get_data(as_text=True)


def test_create(app: Flask, admin_client: FlaskClient):
    assert admin_client.get(f"{URL}/new").status_code == 200
    response = admin_client.post(f"{URL}/new", data={"name": " Breukelen ", "description": "Aan de Vecht.",
                                                     "areas": "3621, 3625"})
    assert response.status_code == 302 and response.headers["Location"] == URL
    assert _state(app) == [("Breukelen", "Aan de Vecht.", ["3621", "3625"])]
    assert "Neighbourhood “Breukelen” has been added." in admin_client.get(URL).get_data(as_text=True)


@pytest.mark.parametrize("data, field, message", [
    ({"name": "", "areas": "3621"}, "name", "Enter a name for the neighbourhood"),
    ({"name": "!!!", "areas": "3621"}, "name", "Use letters or numbers in the name."),
    ({"name": "Maarssen", "areas": "3621"}, "name", "There is already a neighbourhood with this name."),
    ({"name": "maarssen", "areas": "3621"}, "name", "There is already a neighbourhood with this name."),
    ({"name": "Breukelen", "areas": "3621, 1000"}, "areas", "We do not know postcode area 1000."),
    ({"name": "Breukelen", "areas": "3621 Breukelen"}, "areas", "'Breukelen' is not a postcode area."),
    ({"name": "Breukelen", "areas": "3621", "description": "x" * 2001}, "description", "at most 2000"),
])
def test_create_refusals(app: Flask, admin_client: FlaskClient, maarssen_id: int, data, field, message):
    before = _state(app)
    response = admin_client.post(f"{URL}/new", data=data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in _error(html, field)
    assert 'role="alert"' in html
    assert _state(app) == before


def test_edit_shows_the_areas_with_their_places(admin_client: FlaskClient, maarssen_id: int):
    html = admin_client.get(f"{URL}/{maarssen_id}/edit").get_data(as_text=True)
    assert 'value="Maarssen"' in html
    assert re.search(r'<textarea[^>]*id="areas"[^>]*>\s*3601-3608, 3612</textarea>', html)
    assert "<li>3601 Maarssen</li>" in html and "<li>3612 Maarssen</li>" in html


def test_update(app: Flask, admin_client: FlaskClient, maarssen_id: int):
    response = admin_client.post(f"{URL}/{maarssen_id}/edit",
                                 data={"name": "Maarssen-Dorp", "description": "Het oude dorp.", "areas": "3601"})
    assert response.status_code == 302
    assert _state(app) == [("Maarssen-Dorp", "Het oude dorp.", ["3601"])]


def test_update_refusal_keeps_everything(app: Flask, admin_client: FlaskClient, maarssen_id: int):
    before = _state(app)
    response = admin_client.post(f"{URL}/{maarssen_id}/edit",
                                 data={"name": "Maarssen-Dorp", "description": "", "areas": "3601, 1000"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "1000" in _error(html, "areas")
    assert 'value="Maarssen-Dorp"' in html                   # what the admin typed stays
    assert "<li>3601 Maarssen</li>" in html                  # the stored areas are still listed
    assert _state(app) == before


def test_unknown_neighbourhood_is_not_found(admin_client: FlaskClient):
    assert admin_client.get(f"{URL}/999/edit").status_code == 404
    assert admin_client.post(f"{URL}/999/edit", data={"name": "X", "areas": ""}).status_code == 404
    assert admin_client.get(f"{URL}/999/delete").status_code == 404
    assert admin_client.post(f"{URL}/999/delete").status_code == 404


def test_delete_asks_first(app: Flask, admin_client: FlaskClient, maarssen_id: int):
    html = admin_client.get(f"{URL}/{maarssen_id}/delete").get_data(as_text=True)
    assert "Delete neighbourhood Maarssen?" in html
    assert f'<form method="post" action="{URL}/{maarssen_id}/delete"' in html
    assert len(_state(app)) == 1                              # looking at the question deletes nothing
    response = admin_client.post(f"{URL}/{maarssen_id}/delete")
    assert response.status_code == 302 and response.headers["Location"] == URL
    assert _state(app) == []
    assert "Neighbourhood “Maarssen” has been deleted." in admin_client.get(URL).get_data(as_text=True)


def test_service_area(app: Flask, admin_client: FlaskClient):
    html = admin_client.get(f"{URL}/service-area").get_data(as_text=True)
    assert "This site serves all of the Netherlands." in html
    response = admin_client.post(f"{URL}/service-area", data={"service_area": "3601-3612"})
    assert response.status_code == 302 and response.headers["Location"] == URL
    html = admin_client.get(URL).get_data(as_text=True)
    assert "The service area has been saved: 10 postcode areas." in html
    assert "This site serves Stichtse Vecht: 10 postcode areas:" in html and "Maarssen, Oud-Zuilen" in html
    page = admin_client.get(f"{URL}/service-area").get_data(as_text=True)
    assert re.search(r'<textarea[^>]*id="service_area"[^>]*>\s*3601-3608, 3611-3612</textarea>', page)
    admin_client.post(f"{URL}/service-area", data={"service_area": ""})
    assert "all of the Netherlands" in admin_client.get(URL).get_data(as_text=True)


def test_service_area_refusal_stores_nothing(app: Flask, admin_client: FlaskClient):
    admin_client.post(f"{URL}/service-area", data={"service_area": "3601"})
    response = admin_client.post(f"{URL}/service-area", data={"service_area": "3601, 1000"})
    assert response.status_code == 422
    assert "We do not know postcode area 1000." in _error(response.get_data(as_text=True), "service_area")
    with app.app_context():
        assert db.session.get(Setting, "service_area").value == "3601"
