"""English pages have no Dutch interface text: with the demo data, a visitor, a resident and a manager switch to
English and walk the main pages; a common Dutch interface word outside user-entered content fails the test.

User-entered content (titles, descriptions, names, round and call names, reasons) may stay as entered: every text
stored in the database is taken out of the page before the check — except the texts the site itself stores and
must translate when it shows them: the standard help categories and the notifications.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import String, Text, select

from tests import factories
from wijkhulp.extensions import db

DEMO_PASSWORD = "wijkhulp-demo"
# Common Dutch interface words that are not English words (nor parts of names in the demo data).
DUTCH = {
    "het", "een", "niet", "jij", "jouw", "mijn", "bekijk", "bekijken", "hulpvraag", "hulpvragen", "hulpaanbod",
    "aanbod", "berichten", "bericht", "inloggen", "uitloggen", "wijken", "buurt", "buren", "bedankt", "bedankje",
    "verstuur", "versturen", "opslaan", "zoeken", "terug", "volgende", "vorige", "pagina", "meer", "nog", "geen",
    "alle", "voor", "naar", "bij", "dagen", "uur", "wijkmanager", "melden", "melding", "meldingen", "reactie",
    "reacties", "veiling", "ideeën", "plannen", "regeling", "gemaakt", "geplaatst", "gisteren", "vandaag",
    "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag", "januari", "februari",
    "maart", "mei", "juni", "juli", "augustus", "oktober", "boodschappen", "vervoer", "klusjes",
    "gezelschap", "tuin", "computerhulp", "papierwerk", "koken", "huisdieren", "overig", "waarschuwing", "leden",
    "lid", "bevestigd", "bevestigde", "verplicht", "bijv", "ongeveer", "wanneer", "waar", "hoe", "wat", "wie",
    "ook", "maar", "dan", "als", "zijn", "heeft", "hebben", "wordt", "worden", "kunt", "kan", "moet",
}
WORD = re.compile(r"[A-Za-zÀ-ÿ]+")
# The texts the site stores itself and translates when it shows them (they must not be taken out).
TRANSLATED_COLUMNS = {("category", "name"), ("notification", "message")}


@pytest.fixture
def app(make_app) -> Flask:
    return make_app()


@pytest.fixture
def demo(app: Flask) -> Iterator[None]:
    result = app.test_cli_runner().invoke(args=["demo", "seed"])
    assert result.exit_code == 0, result.output
    yield


def _stored_texts() -> list[str]:
    """Every text value stored in the database (user-entered content and data), longest first."""
    found: set[str] = set()
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if not isinstance(column.type, String | Text) or (table.name, column.name) in TRANSLATED_COLUMNS:
                continue
            for value in db.session.scalars(select(column).where(column.is_not(None)).distinct()):
                if isinstance(value, str) and value.strip() and len(value) <= 5000:
                    found.add(value.strip())
    # what an admin enters in the settings (contact details, texts): content, like a round's name
    from wijkhulp.registry.settings import SETTINGS
    from wijkhulp.settings import services as settings

    for spec in SETTINGS.all():
        value = settings.get(spec.key)
        if isinstance(value, str) and value.strip():
            found.update(line.strip() for line in value.splitlines() if line.strip())
    return sorted(found, key=len, reverse=True)


def _visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    # a Dutch name in an English text is marked as Dutch (WCAG 3.1.2): <strong lang="nl">Hulp in je buurt</strong>
    page = re.sub(r'<(\w+)[^>]*\blang="nl"[^>]*>.*?</\1>', " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(page).split())


def _dutch_words(page: str, stored: list[str]) -> set[str]:
    text = _visible_text(page)
    for value in stored:  # user content, longest first so a title goes before a word inside it
        if len(value) >= 3:
            text = text.replace(" ".join(value.split()), " ")
    return {w for w in WORD.findall(text) if w.lower() in DUTCH}


def _english(client: FlaskClient) -> None:
    client.post("/language", data={"language": "en", "next": "/"})


def _links(page: str) -> list[str]:
    return sorted({h for h in re.findall(r'href="(/[^"#?]*)"', page)
                   if not h.startswith(("/static", "/language", "/auth/logout"))})


def _crawl(client: FlaskClient, start: list[str], stored: list[str], limit: int = 60) -> dict[str, set[str]]:
    seen: dict[str, set[str]] = {}
    queue = list(start)
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen or path.endswith((".csv", ".ico", ".json")):
            continue
        response = client.get(path)
        if response.status_code != 200 or response.mimetype != "text/html":
            seen[path] = set()
            continue
        page = response.get_data(as_text=True)
        assert 'lang="en"' in page, path
        seen[path] = _dutch_words(page, stored)
        queue.extend(p for p in _links(page) if p not in seen)
    return seen


MAIN = ["/", "/listings/", "/ideas/", "/plans/", "/impact", "/about", "/safety", "/accessibility", "/privacy",
        "/terms", "/contact", "/organisations/"]


@pytest.mark.parametrize("who", [None, "anna@example.org", "manager@example.org"])
def test_english_pages_have_no_dutch_interface_words(app: Flask, demo: None, who: str | None) -> None:
    with app.app_context():
        stored = _stored_texts()
    client = app.test_client()
    if who is not None:
        factories.login(client, who, DEMO_PASSWORD)
    _english(client)
    start = MAIN + (["/notifications/", "/account/"] if who else []) + (
        ["/manage/queue", "/manage/audit", "/manage/dashboard"] if who == "manager@example.org" else [])
    found = {path: words for path, words in _crawl(client, start, stored).items() if words}
    assert not found, f"Dutch words on English pages: {found}"
