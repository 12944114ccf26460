"""Input an outsider would send: control characters, invisible marks, ids and pages beyond any range, dates no
calendar needs, redirect targets off the site, and CSV cells that a spreadsheet would run. Each test fails when
its rule breaks; the NUL tests matter most on PostgreSQL (run them there with TEST_DATABASE_URL)."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from tests import factories
from tests.marketplace import helpers
from wijkhulp import audit
from wijkhulp.accounts.models import User
from wijkhulp.csvexport import COMMA, EXCEL, Column, cell, csv_text
from wijkhulp.extensions import db
from wijkhulp.marketplace.models import Listing
from wijkhulp.text import clean_line, clean_text, has_forbidden_control, strip_invisible
from wijkhulp.web import ID_MAX, MAX_PAGE, page_arg, safe_next

CONTROL_MESSAGE = "onzichtbaar stuurteken"


def _count(app: Flask, model: Any) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model)) or 0


# ---------------------------------------------------------------- the text rules

def test_invisible_and_direction_marks_are_stripped_but_emoji_joiners_stay() -> None:
    family = "\U0001F468\u200d\U0001F469\u200d\U0001F467"  # one emoji made with zero-width joiners
    assert strip_invisible(f"a\u202eb\u2066c\u2069d\u200be\ufefff\u00adg\u2060h{family}\u200c") == \
        f"abcdefgh{family}\u200c"
    assert strip_invisible("regel\n\tnog een\r\n") == "regel\n\tnog een\r\n"
    assert strip_invisible("a\x00b\x07c\x1bd\x7fe\x85f") == "abcdef"
    assert clean_line("  \u202egnirts\u202c  ok ") == "gnirts ok"
    assert clean_text("\u200b\u200b") == "" and clean_line("\u2066\u2069\ufeff") == ""
    assert has_forbidden_control("a\x00b") and has_forbidden_control("\x1b[31m")
    assert not has_forbidden_control("tab\tline\nend\r") and not has_forbidden_control("\u202e")


# ---------------------------------------------------------------- NUL and control characters, per request

def test_nul_in_a_search_is_refused_with_a_dutch_message(client: FlaskClient) -> None:
    response = client.get("/help?q=a%00b")
    assert response.status_code == 422
    assert CONTROL_MESSAGE in response.get_data(as_text=True)
    assert client.get("/help?q=ab").status_code == 200


def test_nul_in_login_and_register_is_refused_and_nothing_is_stored(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        email = factories.user().email
    refused = client.post("/login", data={"email": email, "password": factories.PASSWORD + "\x00"})
    assert refused.status_code == 422 and CONTROL_MESSAGE in refused.get_data(as_text=True)
    assert client.get("/account/").status_code == 302  # not signed in
    assert client.post("/login", data={"email": email + "\x00", "password": factories.PASSWORD}).status_code == 422
    before = _count(app, User)
    good = {"display_name": "Fatima", "email": "fatima@example.org", "password": "mijn fiets is blauw",
            "password_repeat": "mijn fiets is blauw", "postcode": "3601ab", "accept_terms": "y"}
    for field in ("display_name", "email", "password", "postcode"):
        data = {**good, field: good[field][:3] + "\x00" + good[field][3:]}
        assert client.post("/register", data=data).status_code == 422, field
    assert _count(app, User) == before


def test_nul_in_a_title_or_bio_stores_nothing(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        category_id = helpers.category().id
        person = factories.user(bio="Oud")
        email, uid = person.email, person.id
    factories.login(client, email)
    listing = {"kind": "request", "category_id": str(category_id), "title": "Hulp bij\x00 de tuin",
               "description": "De heg moet geknipt worden.", "pc4": "3601", "radius_km": "5", "timing": "flexible",
               "urgency": "normal"}
    assert client.post("/help/new", data=listing).status_code == 422
    assert _count(app, Listing) == 0
    profile = {"display_name": "Kees", "postcode": "3621 AB", "bio": "Hallo\x00", "skills": "", "languages": ""}
    assert client.post("/account/profile", data=profile).status_code == 422
    with app.app_context():
        assert db.session.get(User, uid).bio == "Oud"


def test_a_title_of_only_invisible_characters_is_refused(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        category_id = helpers.category().id
        email = factories.user().email
    factories.login(client, email)
    data = {"kind": "request", "category_id": str(category_id), "title": "\u200b\u202e\u2066\u2069\ufeff\u200b",
            "description": "De heg moet geknipt worden.", "pc4": "3601", "radius_km": "5", "timing": "flexible",
            "urgency": "normal"}
    response = client.post("/help/new", data=data)
    assert response.status_code == 422
    assert "title" in response.get_data(as_text=True).lower() or "titel" in response.get_data(as_text=True)
    assert _count(app, Listing) == 0
    # Invisible marks inside a real title are removed, not stored: no reversed text on the listing page.
    data["title"] = "Hulp bij de \u202etuin\u202c"
    assert client.post("/help/new", data=data).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Listing.title)) == "Hulp bij de tuin"


def test_invisible_only_idea_and_plan_titles_count_as_empty(ctx: None) -> None:
    from wijkhulp.ideas.services._common import clean
    from wijkhulp.errors import InvalidInput
    from wijkhulp.proposals.services.workflow import clean_text as plan_text

    with pytest.raises(InvalidInput):
        clean("\u200b\u202e", limit=100, required=True, error=InvalidInput, field="title")
    assert plan_text("a\u2066b\u2069", 10, "summary") == "ab"


# ---------------------------------------------------------------- ids, pages and dates beyond any range

@pytest.mark.parametrize("path", ["/help/99999999999999999999999", f"/help/{2**63}", f"/help/{ID_MAX + 1}",
                                  "/help/-1", "/people/99999999999999999999999", "/plans/join/a%00b"])
def test_ids_beyond_range_and_control_characters_in_paths_are_not_found(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "<html" in response.get_data(as_text=True)  # the Dutch 404 page, not a bare error


def test_posting_to_a_huge_id_is_not_found(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        email = factories.user().email
    factories.login(client, email)
    assert client.post("/people/99999999999999999999999/block").status_code == 404
    assert client.post(f"/help/{2**40}/withdraw").status_code == 404


def test_one_page_parser_clamps(app: Flask) -> None:
    for raw, page in (("0", 1), ("-3", 1), ("10", 10), ("1000000000000", 1), (str(MAX_PAGE + 1), MAX_PAGE),
                      ("x", 1), ("\u00b2", 1), ("99999999999999999999999", 1)):
        with app.test_request_context(f"/help?page={raw}"):
            assert page_arg() == page, raw


@pytest.mark.parametrize("path", ["/help", "/my/listings", "/notifications/", "/manage/audit", "/admin/users"])
def test_huge_and_zero_pages_show_a_page(app: Flask, client: FlaskClient, path: str) -> None:
    with app.app_context():
        email = factories.admin().email
    factories.login(client, email)
    for page in ("0", "-1", "1000000000000", "99999999999999999999999"):
        assert client.get(f"{path}?page={page}").status_code == 200, (path, page)


@pytest.mark.parametrize("query", ["end=9999-12-31", "start=9999-12-31", "start=0000-00-00",
                                   "end=0001-01-01", "start=2024-02-30"])
def test_odd_dates_in_the_audit_export_and_dashboard_are_refused(app: Flask, client: FlaskClient,
                                                                  query: str) -> None:
    with app.app_context():
        email = factories.admin().email
    factories.login(client, email)
    for path in ("/manage/audit.csv", "/manage/audit", "/manage/dashboard", "/manage/dashboard.csv"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 422, (path, query)
        assert response.mimetype == "text/html"
    assert "Kies een datum tussen 2000 en 2099" in client.get("/manage/audit.csv?end=9999-12-31").get_data(
        as_text=True)


# ---------------------------------------------------------------- one safe redirect

@pytest.mark.parametrize("target", ["//evil.example", "/\t/evil.example", "/\\evil.example", "\\\\evil.example",
                                    "https://evil.example/", "javascript:alert(1)", "/\n/evil.example",
                                    "/\r\n//evil.example", " //evil.example", "/\u202e/evil.example",
                                    "/\x00/evil.example", "evil.example", "http:/evil.example", "", None])
def test_safe_next_refuses_anything_that_could_leave_the_site(target: Any) -> None:
    assert safe_next(target) is None


def test_safe_next_keeps_local_paths() -> None:
    assert safe_next("/help?q=tuin&page=2") == "/help?q=tuin&page=2"
    assert safe_next("/responses/12#bericht") == "/responses/12#bericht"


def test_auth_uses_the_same_helper() -> None:
    from wijkhulp.auth import redirects
    from wijkhulp import web

    assert redirects.safe_next is web.safe_next


@pytest.mark.parametrize("target", ["/\t/evil.example", "//evil.example", "/\\evil.example",
                                    "https://evil.example/x"])
def test_block_and_unblock_buttons_stay_on_the_site(app: Flask, client: FlaskClient, target: str) -> None:
    with app.app_context():
        me, other = factories.user(), factories.user()
        email, other_id = me.email, other.id
    factories.login(client, email)
    for action in ("block", "unblock"):
        response = client.post(f"/people/{other_id}/{action}", data={"next": target})
        assert response.status_code == 302
        assert response.headers["Location"] == "/my/blocked", (action, target)
    assert client.post(f"/people/{other_id}/block", data={"next": "/help"}).headers["Location"] == "/help"


def test_login_next_refuses_a_tab_trick(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        email = factories.user().email
    response = client.post("/login?next=/%09/evil.example", data={"email": email, "password": factories.PASSWORD})
    assert response.status_code == 302 and "evil" not in response.headers["Location"]


# ---------------------------------------------------------------- one CSV writer

@pytest.mark.parametrize("value", ["=1+1", "+31", "-5", "@SUM(A1)", "\tx", "\rx", "  =1+1"])
def test_formula_cells_are_defused_in_both_variants(value: str) -> None:
    for variant in (COMMA, EXCEL):
        assert cell(value, variant).startswith("'")


def test_a_separator_inside_a_cell_never_starts_a_new_formula_cell() -> None:
    # Each file with its own separator, and each with the other one (Dutch Excel opening the comma file splits
    # on semicolons and only honours a quote at the start of a field).
    values = ("x", ";=1+1", ",=2+2", "a;\n=HYPERLINK(1)", "b, -3", "c;@x", 7, '["a", "=1"]', '"=1"')
    for variant in (COMMA, EXCEL):
        text = csv_text("abcdefghi", [values], variant)
        own = list(csv.reader(io.StringIO(text, newline=""), delimiter=variant.delimiter))
        assert own[1] == ["x", ";'=1+1", ",'=2+2", "a;\n'=HYPERLINK(1)", "b, '-3", "c;'@x", "7", '["a", "\'=1"]',
                          '\'"=1"']
        for delimiter in (",", ";"):
            naive = [field for line in text.splitlines() for field in line.split(delimiter)]
            assert not any(f.lstrip(' "').startswith(("=", "+", "-", "@")) for f in naive), (variant, delimiter)
    assert csv_text(("a",), [("x;=1+1",)], COMMA).splitlines()[1] == '"x;\'=1+1"'


def test_the_excel_variant_has_semicolons_decimal_commas_and_dutch_names(app: Flask) -> None:
    header = (Column("value", "Waarde"), Column("unit", "Eenheid"))
    with app.app_context():
        excel = csv_text(header, [(2.5, "uur"), (3, "keer"), ("<5", None)], EXCEL)
        comma = csv_text(header, [(2.5, "uur")], COMMA)
    assert excel.splitlines() == ["Waarde;Eenheid", "2,5;uur", "3;keer", "<5;"]
    assert comma.splitlines() == ["value,unit", "2.5,uur"]


def _admin_client(app: Flask, client: FlaskClient) -> FlaskClient:
    with app.app_context():
        admin = factories.admin()
        audit.record(admin, "test.note", "user", admin.id, reason=";=1+1", details={"x": "=cmd|' /C calc'!A0"})
        db.session.commit()
        email = admin.email
    factories.login(client, email)
    return client


def test_audit_export_both_variants_defuse_a_manager_typed_formula(app: Flask, client: FlaskClient) -> None:
    client = _admin_client(app, client)
    comma = client.get("/manage/audit.csv")
    excel = client.get("/manage/audit.csv?format=excel")
    assert comma.status_code == excel.status_code == 200
    assert 'filename="audit-log.csv"' in comma.headers["Content-Disposition"]
    assert 'filename="audit-log-excel.csv"' in excel.headers["Content-Disposition"]
    comma_text, excel_text = comma.data.decode("utf-8-sig"), excel.data.decode("utf-8-sig")
    assert comma_text.splitlines()[0].startswith("id,time,actor")
    assert excel_text.splitlines()[0].startswith("Volgnummer;Tijd;")
    for text in (comma_text, excel_text):
        for delimiter in (",", ";"):  # split as a spreadsheet would, quotes inside fields taken literally
            naive = [field for line in text.splitlines() for field in line.split(delimiter)]
            assert not any(f.lstrip(' "').startswith(("=", "+", "@")) for f in naive), delimiter
    rows = list(csv.DictReader(io.StringIO(excel_text, newline=""), delimiter=";"))
    assert any(r["Reden"] == ";'=1+1" for r in rows)


def test_dashboard_export_has_an_excel_variant(app: Flask, client: FlaskClient) -> None:
    client = _admin_client(app, client)
    page = client.get("/manage/dashboard?format=excel")  # a stray format does not break the page's links
    assert page.status_code == 200 and "format=excel" in page.get_data(as_text=True)
    excel = client.get("/manage/dashboard.csv?format=excel")
    assert excel.status_code == 200 and excel.mimetype == "text/csv"
    header = excel.data.decode("utf-8-sig").splitlines()[0]
    assert header.split(";")[:3] == ["Wijk", "Van", "Tot en met"]
    assert client.get("/manage/dashboard.csv").data.decode("utf-8-sig").startswith("neighbourhood,from,to")
