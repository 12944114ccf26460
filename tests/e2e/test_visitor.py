"""A visitor (not signed in) reads the public pages, and switches the language nl -> en -> nl."""

from __future__ import annotations

import pytest

from tests.e2e.harness import Site

pytestmark = pytest.mark.e2e


def test_visitor_reads_home_about_and_privacy_in_dutch(site: Site) -> None:
    for path in ("/", "/about", "/privacy"):
        site.visit(path)
        assert site.lang() == "nl"
        assert site.page.get_by_role("heading", level=1).count() == 1, f"{path}: one main heading"
        assert site.page.get_by_role("main").inner_text().strip(), f"{path}: the page has content"


def test_visitor_follows_the_footer_links_in_english(site: Site) -> None:
    page = site.page
    site.visit("/")
    site.use_language("en")
    footer = page.get_by_role("navigation", name="About this site")
    with site.navigation():
        footer.get_by_role("link", name="About wijkhulp").click()
    assert site.path() == "/about"
    with site.navigation():
        page.get_by_role("contentinfo").get_by_role("link", name="Privacy statement").click()
    assert site.path() == "/privacy"
    assert page.get_by_role("heading", level=1).is_visible()
    with site.navigation():
        page.get_by_role("link", name="Home", exact=True).click()
    assert site.path() == "/"


def test_language_switch_nl_en_nl(site: Site) -> None:
    page = site.page
    site.visit("/about")
    assert site.lang() == "nl"
    with site.navigation():
        page.get_by_role("button", name="English", exact=True).click()
    assert site.lang() == "en"
    assert site.path() == "/about", "the switch keeps you on the same page"
    assert page.get_by_role("button", name="Nederlands", exact=True).get_attribute("lang") == "nl"
    site.visit("/privacy")  # the choice is remembered on the next page
    assert site.lang() == "en"
    with site.navigation():
        page.get_by_role("button", name="Nederlands", exact=True).click()
    assert site.lang() == "nl"
    assert site.path() == "/privacy"
    assert page.get_by_role("button", name="English", exact=True).get_attribute("lang") == "en"


def test_empty_required_fields_are_not_drawn_as_errors_and_dropdowns_have_a_chevron(site: Site) -> None:
    """Error colours only after a failed submit; a select looks like a select (not like a text box)."""
    page = site.page
    site.visit("/register")
    email = page.locator("#email")
    style = "e => { const s = getComputedStyle(e); return [s.borderTopColor, s.borderTopWidth, s.backgroundColor]; }"
    empty = email.evaluate(style)
    email.fill("iemand@example.org")
    email.evaluate("e => e.blur()")
    page.mouse.move(0, 0)
    assert email.evaluate(style) == empty, "an empty required field looks different from a filled one"
    site.visit("/help")
    chevron = page.locator("select#km").evaluate("e => getComputedStyle(e).backgroundImage")
    assert "svg" in chevron, chevron
    listing = page.locator("main a[href^='/help/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href')).find(h => /^\\/help\\/\\d+$/.test(h))")
    site.visit(listing)
    columns = page.locator("dl.details").first.evaluate(
        "d => getComputedStyle(d).gridTemplateColumns.split(' ').map(parseFloat)")
    assert len(columns) == 2 and columns[0] <= 14 * 16 and columns[1] >= 2 * columns[0], columns  # answers get room
    site.sign_in("bram@example.org")
    site.visit("/help/new?kind=request")
    box = page.locator("textarea").first
    assert box.evaluate("e => e.required && e.value === ''")
    assert box.evaluate(style)[:2] == empty[:2], "an empty required text area is drawn with the error border"
