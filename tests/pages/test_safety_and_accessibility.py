"""The safety page tells volunteers about the VOG, the municipality's volunteer insurance (from a setting) and
scams; the accessibility statement follows digitoegankelijk.nl's model with its fields from the settings."""

from __future__ import annotations

import pytest

from tests import factories
from wijkhulp.registry.settings import SettingValueError, spec
from wijkhulp.settings import services as settings


@pytest.fixture
def app(make_app):
    return make_app(BABEL_DEFAULT_LOCALE="nl")


def test_the_safety_page_covers_vog_insurance_and_scams(app, client) -> None:
    page = client.get("/safety").get_data(as_text=True)
    assert "Verklaring Omtrent het Gedrag (VOG)" in page and "Justis" in page and "Gratis VOG" in page
    assert "kwetsbare mensen" in page and "DigiD" in page
    assert "Betaal nooit vooraf" in page and "inlogcodes van de bank" in page and "Fraudehelpdesk" in page
    # no insurance text set: the standard text names the municipality and where to ask
    assert "Gemeente Stichtse Vecht heeft een verzekering voor vrijwilligers" in page
    with app.app_context():
        settings.set_value("volunteer_insurance", "De VNG-vrijwilligersverzekering dekt je.\nVragen? Bel 14 0346.")
    page = client.get("/safety").get_data(as_text=True)
    assert "<p class=\"utrecht-paragraph\">De VNG-vrijwilligersverzekering dekt je.</p>" in page
    assert "Vragen? Bel 14 0346." in page and "heeft een verzekering voor vrijwilligers" not in page
    english = app.test_client()
    english.post("/language", data={"language": "en", "next": "/"})
    page = english.get("/safety").get_data(as_text=True)
    assert "certificate of conduct" in page and "Never pay in advance." in page


def test_the_accessibility_statement_has_the_official_fields_from_settings(app, client) -> None:
    page = client.get("/accessibility").get_data(as_text=True)
    assert "<h1 class=\"utrecht-heading-1\">Toegankelijkheidsverklaring</h1>" in page
    assert "C – eerste maatregelen genomen" in page and "Nog niet onderzocht" in page
    assert "8 december 2026" in page  # the statement's default date, in the site's one date style
    assert "Er zijn geen problemen bekend" in page and "binnen 5 werkdagen antwoord" in page
    assert "Nationale ombudsman" in page
    with app.app_context():
        settings.set_many({"accessibility_status": "B", "accessibility_research_date": "30-09-2027",
                           "accessibility_researcher": "Stichting Toegankelijk",
                           "accessibility_known_problems": "- Grafieken op de impactpagina\nPdf-bijlagen",
                           "accessibility_response_days": "10", "accessibility_statement_date": "1-10-2027"})
    page = client.get("/accessibility").get_data(as_text=True)
    assert "B – voldoet gedeeltelijk" in page
    assert "Onderzocht op 30 september 2027 door Stichting Toegankelijk." in page
    assert "<li class=\"utrecht-unordered-list__item\">Grafieken op de impactpagina</li>" in page
    assert "Pdf-bijlagen" in page and "binnen 10 werkdagen antwoord" in page and "1 oktober 2027" in page


def test_date_and_choice_settings_refuse_bad_values(app) -> None:
    with app.app_context():
        date_spec, status = spec("accessibility_research_date"), spec("accessibility_status")
        assert date_spec.parse("30-09-2027") == "2027-09-30" and date_spec.parse("2027-09-30") == "2027-09-30"
        assert date_spec.parse("") == ""
        for bad in ("31-02-2027", "gisteren", "30-09-1999"):
            with pytest.raises(SettingValueError):
                date_spec.parse(bad)
        with pytest.raises(SettingValueError):
            status.parse("Z")


def test_an_admin_sets_the_statement_on_the_settings_page(app) -> None:
    with app.app_context():
        admin = factories.admin()
        email = admin.email
    client = app.test_client()
    factories.login(client, email)
    form = client.get("/admin/settings").get_data(as_text=True)
    assert 'name="accessibility_status"' in form and "<select" in form and 'name="volunteer_insurance"' in form
    with app.app_context():
        from wijkhulp.settings.forms import raw_values, settings_form

        current = settings.all_values()
    with app.test_request_context():
        data = raw_values(settings_form(current), current)
    data.update({"accessibility_research_date": "31-02-2027"})
    refused = client.post("/admin/settings", data={k: v for k, v in data.items() if v != "false"})
    assert refused.status_code == 422
    assert "Vul een datum in als dag-maand-jaar" in refused.get_data(as_text=True)
    with app.app_context():
        assert settings.get("accessibility_research_date") == ""  # nothing stored half-way
