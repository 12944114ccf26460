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
