"""The privacy page states the retention periods from the same settings the purge uses."""

from __future__ import annotations

from wijkhulp.settings import services as settings


def _page(client, language="nl"):
    client.post("/language", data={"language": language})
    response = client.get("/privacy")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_privacy_page_shows_the_default_periods(client):
    html = _page(client)
    for key, text in (("closed_listings", "12 maanden"), ("conversations", "12 maanden"),
                      ("thank_you", "24 maanden"), ("notifications", "6 maanden"), ("sent_mail", "90 dagen"),
                      ("inactive_accounts", "24 maanden")):
        assert f'data-retention="{key}">{text}</strong>' in html, key
    assert "7 jaar" in html and "wijkmanagers en beheerders verwijderen we niet vanzelf" in html
    assert "DPIA" in html


def test_changing_a_setting_changes_the_page(app, client):
    with app.app_context():
        settings.set_value("retention_inactive_account_months", "36")
        settings.set_value("retention_notifications_months", "1")
        settings.set_value("retention_sent_mail_days", "30")
    html = _page(client)
    assert 'data-retention="inactive_accounts">36 maanden</strong>' in html
    assert 'data-retention="notifications">1 maand</strong>' in html
    assert 'data-retention="sent_mail">30 dagen</strong>' in html
    english = _page(client, "en")
    assert 'data-retention="inactive_accounts">36 months</strong>' in english
    assert 'data-retention="notifications">1 month</strong>' in english
