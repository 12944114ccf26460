"""/admin/: the start page for admins, linking to the admin pages that exist."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests import factories
from wijkhulp.admin import views as admin_views


def test_visitors_are_sent_to_sign_in(client: FlaskClient):
    response = client.get("/admin/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("make", [factories.user, factories.manager])
def test_residents_and_managers_may_not(app: Flask, client: FlaskClient, make):
    with app.app_context():
        email = make().email
    factories.login(client, email)
    assert client.get("/admin/").status_code == 403


def test_admins_see_links_to_the_admin_pages(app: Flask, client: FlaskClient):
    with app.app_context():
        email = factories.admin().email
    factories.login(client, email)
    html = client.get("/admin/").get_data(as_text=True)
    assert "<h1>Administration</h1>" in html
    assert 'href="/admin/settings"' in html and 'href="/admin/neighbourhoods"' in html
    with app.test_request_context():
        for endpoint, title, _ in admin_views.available_links():
            assert str(title) in html
            assert app.url_map.bind("localhost").build(endpoint) in html


def test_links_to_pages_that_do_not_exist_are_left_out(app: Flask):
    with app.test_request_context():
        endpoints = [endpoint for endpoint, _, _ in admin_views.available_links()]
    assert endpoints[:2] == ["settings.index", "neighbourhoods.index"]
    assert all(endpoint in app.view_functions for endpoint in endpoints)
    assert "dashboard.index" not in app.view_functions or "dashboard.index" in endpoints
