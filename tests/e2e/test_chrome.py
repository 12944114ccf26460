"""The site's frame on every screen: the inbox, the menu button on a phone (keyboard only), the personal home page."""

from __future__ import annotations

import re
import uuid

import pytest

from tests.e2e.harness import MailCatcher, Site, expect
from tests.e2e.test_keyboard import press_until

pytestmark = pytest.mark.e2e

PHONE = {"width": 360, "height": 740}
PASSWORD = "lange-naam-wachtwoord-2026"


def test_a_resident_reads_the_inbox_from_the_header(site: Site) -> None:
    page = site.page
    site.sign_in("anna@example.org")
    account = page.get_by_role("navigation", name="Your account")
    with site.navigation():
        account.get_by_role("link", name=re.compile(r"^Messages")).click()
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("Messages")
    conversations = main.get_by_role("list", name="Your conversations").get_by_role("listitem")
    expect(conversations.first).to_be_visible()
    expect(conversations.first).to_contain_text("About:")
    unread_before = main.get_by_text("New message", exact=True).count()
    with site.navigation():
        conversations.first.get_by_role("link", name=re.compile(r"^Conversation with ")).click()
    assert re.search(r"/responses/\d+", site.path()), site.path()
    mark = page.get_by_role("button", name="Mark as read")
    if unread_before and mark.count():
        with site.navigation():
            mark.click()
        expect(page.get_by_role("status")).to_contain_text("The conversation is marked as read.")
        assert page.get_by_role("main").get_by_text("New message", exact=True).count() == unread_before - 1
    # the notifications are a page of their own, called "Notifications"
    with site.navigation():
        page.get_by_role("navigation", name="Your account").get_by_role(
            "link", name=re.compile(r"^Notifications")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")


def test_the_menu_button_on_a_phone_works_with_the_keyboard(site: Site) -> None:
    page = site.page
    page.set_viewport_size(PHONE)
    site.visit("/help")  # Dutch, as a new visitor sees it
    header = page.locator("header.site-header")
    assert header.bounding_box()["height"] < 100, "the header of a phone should be one compact row"
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_hidden()  # folded away until asked for
    assert page.locator("ul.cards > li").first.bounding_box()["y"] < 2 * PHONE["height"]

    summary = press_until(site, lambda f: f["tag"] == "summary")
    assert "site-menu__button" in summary["classes"]
    page.keyboard.press("Enter")
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    expect(menu).to_be_visible()
    expect(menu.get_by_role("link", name="Hulp in je buurt")).to_have_attribute("aria-current", "page")
    site.check()  # the open menu passes axe and fits 320 px too
    press_until(site, lambda f: f["href"] == "/ideas")
    with site.navigation():
        page.keyboard.press("Enter")
    assert site.path().startswith("/ideas") and page.viewport_size == PHONE
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_hidden()


def test_the_home_page_is_a_personal_overview_once_signed_in(site: Site) -> None:
    page = site.page
    site.visit("/")
    site.use_language("en")
    main = page.get_by_role("main")
    near = main.get_by_role("search", name="Find help near you")
    near.get_by_label("Your postcode or place").fill("Maarssen")
    with site.navigation():
        near.get_by_role("button", name="Search").click()
    assert site.path().startswith("/help?near=Maarssen"), site.path()

    site.sign_in("bram@example.org")
    site.visit("/")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_contain_text("Hello")
    for title in ("Conversations waiting for you", "Your open requests and offers", "Your ideas",
                  "Your neighbourhood plans"):
        expect(main.get_by_role("heading", name=title, level=2)).to_be_visible()
    page.set_viewport_size(PHONE)
    site.check()
    page.set_viewport_size({"width": 1280, "height": 900})
    with site.navigation():
        main.get_by_role("link", name=re.compile(r"^All your messages")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Messages")


def test_a_sixty_letter_name_never_makes_a_page_wider_than_a_phone(site: Site) -> None:
    page = site.page
    token = uuid.uuid4().hex[:8]
    name = ("Langenaam" + token + "x" * 60)[:60]  # 60 characters, no space to break at
    email = f"long-{token}@example.org"
    site.visit("/register")
    site.use_language("en")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_label("Postcode").fill("3601 ab")
    page.get_by_label("I agree to the terms of use and the privacy statement").check()
    page.get_by_label("I am 16 years or older").check()
    with site.navigation():
        page.get_by_role("button", name="Create account").click()
    site.visit(MailCatcher.link(site.mail.wait_for(email), "/verify/"))  # the registering browser: signed in
    assert page.get_by_role("button", name="Sign out", exact=True).count() == 1
    page.set_viewport_size(PHONE)
    site.visit("/")  # "Hello <name>" on the personal overview
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    site.sign_out()

    site.sign_in("admin@example.org")
    site.visit(f"/admin/users?q={token}")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    with site.navigation():
        page.get_by_role("main").get_by_role("link", name=name).click()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
