"""Templates look the catalogue up once per request (i18n.bound_translations), and still follow force_locale."""

from __future__ import annotations

from flask import render_template_string
from flask_babel import force_locale

TEMPLATE = "{{ _('posted today') }}|{{ ngettext('posted %(num)d day ago', 'posted %(num)d days ago', 3) }}"


def test_templates_follow_the_locale_and_force_locale(app):
    with app.test_request_context("/"):
        assert render_template_string(TEMPLATE) == "vandaag geplaatst|3 dagen geleden geplaatst"
        with force_locale("en"):  # a mail in the recipient's language, rendered during someone else's request
            assert render_template_string(TEMPLATE) == "posted today|posted 3 days ago"
        assert render_template_string(TEMPLATE) == "vandaag geplaatst|3 dagen geleden geplaatst"


def test_each_request_gets_its_own_language(app):
    client = app.test_client()
    client.post("/language", data={"language": "en"})
    with app.test_request_context("/"):
        assert render_template_string(TEMPLATE).startswith("vandaag")  # a new request: Dutch, the default
    with client:
        client.get("/")
        assert render_template_string(TEMPLATE).startswith("posted today")
