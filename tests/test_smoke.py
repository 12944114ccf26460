from tests import factories


def test_home_page_is_dutch(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="nl">' in response.get_data(as_text=True)


def test_admin_page_needs_admin(app, client):
    with app.app_context():
        resident = factories.user().email
        admin = factories.admin().email
    assert client.get("/admin/").status_code == 302
    factories.login(client, resident)
    assert client.get("/admin/").status_code == 403
    client.post("/logout")
    factories.login(client, admin)
    assert client.get("/admin/").status_code == 200
