"""Public pages, the error pages and the language switch, through the test client."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from werkzeug.exceptions import BadRequest, TooManyRequests

from tests import factories
from wijkhulp.errors import NotAllowed, NotFound

PAGES = ["/", "/about", "/privacy", "/terms", "/accessibility", "/contact", "/safety"]
LANGUAGES = ["nl", "en"]


class _Page(HTMLParser):
    """Collects what the tests look at: <html lang>, <title>, h1 count, links, inline styles and scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.title = ""
        self.h1 = 0
        self.links: list[str] = []
        self.inline_styles = 0
        self.inline_scripts = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        elif tag == "title":
            self._in_title = True
        elif tag == "h1":
            self.h1 += 1
        elif tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"] or "")
        elif tag == "style":
            self.inline_styles += 1
        elif tag == "script" and not attributes.get("src"):
            self.inline_scripts += 1
        if "style" in attributes or any(name.startswith("on") for name in attributes):
            self.inline_styles += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def parse(response) -> _Page:
    page = _Page()
    page.feed(response.get_data(as_text=True))
    return page


def switch(client, language: str, next_url: str | None = None):
    data = {"language": language}
    if next_url is not None:
        data["next"] = next_url
    return client.post("/language", data=data)


# ---------------------------------------------------------------- every page, both languages

@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", PAGES)
def test_page_answers_in_both_languages(client, path, language):
    switch(client, language)
    response = client.get(path)
    assert response.status_code == 200
    page = parse(response)
    assert page.lang == language
    assert page.h1 == 1
    assert page.title.strip()
    assert page.inline_styles == 0 and page.inline_scripts == 0


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_has_its_own_title(client, language):
    switch(client, language)
    titles = [parse(client.get(path)).title for path in PAGES]
    assert len(set(titles)) == len(PAGES), titles


def test_documents_are_written_per_language(client):
    dutch = client.get("/privacy").get_data(as_text=True)
    assert "Privacyverklaring" in dutch and "Autoriteit Persoonsgegevens" in dutch
    switch(client, "en")
    english = client.get("/privacy").get_data(as_text=True)
    assert "Privacy statement" in english and "Autoriteit Persoonsgegevens" in english
    assert "Privacyverklaring" not in english


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_internal_link_on_the_public_pages_leads_somewhere(client, language):
    switch(client, language)
    targets = {link for path in PAGES for link in parse(client.get(path)).links if link.startswith("/")}
    assert "/privacy" in targets and "/safety" in targets
    for target in sorted(targets):
        status = client.get(target).status_code
        assert status in (200, 302), f"{target} answers {status}"


def test_home_explains_the_three_steps_and_three_parts(client):
    body = client.get("/").get_data(as_text=True)
    assert body.count('class="steps__title"') == 3
    for part in ("Hulp in je buurt", "Ideeënveiling", "Buurtplannen"):
        assert part in body


def test_home_links_only_to_features_that_exist(app, client):
    registered = {rule.rule for rule in app.url_map.iter_rules()}
    for link in parse(client.get("/")).links:
        if link.startswith("/"):
            assert link.split("?")[0] in registered, link


def test_about_credits_geonames_with_the_licence(client):
    for language in LANGUAGES:
        switch(client, language)
        body = client.get("/about").get_data(as_text=True)
        assert "GeoNames (geonames.org)" in body
        assert 'href="https://creativecommons.org/licenses/by/4.0/' in body
        for origin in ("Kantelkracht", "Westland", "Noordoostpolder", "Stichtse Vecht", "Almere"):
            assert origin in body


def test_contact_shows_the_details_from_the_settings(app, client):
    with app.app_context():
        from wijkhulp.settings import services as settings

        settings.set_many({"contact_name": "Fatima de Vries", "contact_email": "buurt@stichtsevecht.example",
                           "contact_phone": "0346 254 000", "contact_hours": "dinsdag 9.00 tot 12.00 uur"})
    body = client.get("/contact").get_data(as_text=True)
    assert "Fatima de Vries" in body
    assert 'href="mailto:buurt@stichtsevecht.example"' in body
    assert 'href="tel:0346254000"' in body
    assert "dinsdag 9.00 tot 12.00 uur" in body
    assert "buurt@stichtsevecht.example" in client.get("/privacy").get_data(as_text=True)


def test_safety_tips_cover_the_essentials(client):
    body = client.get("/safety").get_data(as_text=True)
    for phrase in ("openbare plek", "Vertel iemand", "pincode", "Betaal nooit vooruit", "gevoel", "Meld het", "112"):
        assert phrase in body
    switch(client, "en")
    body = client.get("/safety").get_data(as_text=True)
    for phrase in ("public place", "Tell someone", "PIN", "Never pay in advance", "feeling", "Report it", "112"):
        assert phrase in body


def test_signed_in_privacy_page_links_to_download_and_delete(app, client):
    with app.app_context():
        email = factories.user().email
    factories.login(client, email)
    links = parse(client.get("/privacy")).links
    assert "/account/data" in links and "/account/delete" in links


# ---------------------------------------------------------------- the language switch

def test_language_switch_changes_html_lang_and_back(client):
    assert parse(client.get("/")).lang == "nl"
    response = switch(client, "en", next_url="/about")
    assert response.status_code == 302
    assert response.headers["Location"] == "/about"
    assert parse(client.get("/")).lang == "en"
    assert parse(client.get("/about")).title.startswith("About")
    switch(client, "nl")
    assert parse(client.get("/")).lang == "nl"


def test_language_switch_keeps_the_query_string(client):
    response = switch(client, "en", next_url="/about?page=2")
    assert response.headers["Location"] == "/about?page=2"


def test_language_switch_refuses_an_unknown_language(client):
    response = switch(client, "fr")
    assert response.status_code == 422
    assert "Nederlands of Engels" in response.get_data(as_text=True)
    assert parse(client.get("/")).lang == "nl"
    assert switch(client, "").status_code == 422


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)",
                                    "evil.example", "http:/evil.example"])
def test_language_switch_only_goes_back_to_this_site(client, target):
    response = switch(client, "en", next_url=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_language_switch_needs_post(client):
    response = client.get("/language")
    assert response.status_code == 405
    assert parse(response).h1 == 1


def test_language_switch_is_remembered_for_a_signed_in_user(app, client):
    with app.app_context():
        email = factories.user().email
    factories.login(client, email)
    switch(client, "en")
    with app.app_context():
        from wijkhulp.accounts.models import User
        from wijkhulp.extensions import db

        user = db.session.scalar(db.select(User).filter_by(email=email))
        assert user.locale == "en"


def test_the_header_offers_the_other_language(client):
    body = client.get("/").get_data(as_text=True)
    assert re.search(r'name="language" value="en"[^>]*lang="en"', body)
    switch(client, "en")
    body = client.get("/").get_data(as_text=True)
    assert re.search(r'name="language" value="nl"[^>]*lang="nl"', body)


# ---------------------------------------------------------------- error pages

@pytest.fixture
def failing_app(make_app):
    """An app with routes that fail in every way the error pages handle."""
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.get("/_test/bad-request")
    def bad_request():
        raise BadRequest()

    @app.get("/_test/forbidden")
    def forbidden():
        raise NotAllowed()

    @app.get("/_test/gone")
    def gone():
        raise NotFound()

    @app.get("/_test/slow-down")
    def slow_down():
        raise TooManyRequests()

    @app.get("/_test/crash")
    def crash():
        raise RuntimeError("something broke")

    return app


@pytest.mark.parametrize(("path", "status"), [
    ("/_test/bad-request", 400),
    ("/_test/forbidden", 403),
    ("/_test/gone", 404),
    ("/does-not-exist", 404),
    ("/_test/slow-down", 429),
    ("/_test/crash", 500),
])
def test_error_pages_answer_with_the_right_status(failing_app, path, status):
    client = failing_app.test_client()
    response = client.get(path)
    assert response.status_code == status
    page = parse(response)
    assert page.h1 == 1
    assert page.lang == "nl"
    assert page.inline_styles == 0 and page.inline_scripts == 0
    assert "/" in page.links and "/contact" in page.links  # a way forward: home and contact
    assert str(status) in response.get_data(as_text=True)


def test_error_pages_have_their_own_titles(failing_app):
    client = failing_app.test_client()
    titles = {parse(client.get(path)).title for path in
              ("/_test/bad-request", "/_test/forbidden", "/_test/gone", "/_test/slow-down", "/_test/crash",
               "/language")}
    assert len(titles) == 6


def test_forbidden_page_offers_to_sign_in(failing_app):
    response = failing_app.test_client().get("/_test/forbidden")
    assert "/login" in parse(response).links


def test_server_error_page_uses_the_minimal_layout(failing_app):
    body = failing_app.test_client().get("/_test/crash").get_data(as_text=True)
    assert 'class="site-nav-bar"' not in body  # base_minimal: no menus, settings or account links
    assert "something broke" not in body


def test_domain_error_message_is_shown(failing_app):
    body = failing_app.test_client().get("/_test/forbidden").get_data(as_text=True)
    assert "You are not allowed to do this." in body or "Je mag dit niet doen." in body


def test_error_pages_in_english(failing_app):
    client = failing_app.test_client()
    switch(client, "en")
    response = client.get("/does-not-exist")
    assert response.status_code == 404
    assert parse(response).lang == "en"
    assert "Page not found" in response.get_data(as_text=True)


def test_server_error_page_renders_while_the_database_is_down(make_app, tmp_path):
    make_app()  # the first app made is the one whose tables are emptied afterwards
    app = make_app(PROPAGATE_EXCEPTIONS=False,
                   SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing-folder/none.sqlite3")

    @app.get("/_test/crash")
    def crash():
        raise RuntimeError("database down")

    response = app.test_client().get("/_test/crash")
    assert response.status_code == 500
    assert parse(response).h1 == 1


def test_favicon_is_served_not_404(client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.mimetype == "image/x-icon"
    assert response.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert "max-age" in response.headers["Cache-Control"]
    assert 'rel="icon"' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("language, words", [("nl", ("DPIA", "gezondheid", "alleen als iemand ze heeft gemeld")),
                                             ("en", ("DPIA", "health", "only when someone has reported them"))])
def test_privacy_statement_names_health_data_the_dpia_and_staff_reading(make_app, language, words) -> None:
    client = make_app().test_client()
    client.post("/language", data={"language": language})
    page = client.get("/privacy").get_data(as_text=True)
    assert all(word in page for word in words), words


def test_the_listing_form_asks_for_no_medical_details(app, client) -> None:
    with app.app_context():
        email = factories.user().email
    factories.login(client, email)
    page = client.get("/help/new?kind=request").get_data(as_text=True)
    assert "geen medische details" in page
