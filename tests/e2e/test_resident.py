"""A new resident: register -> confirm the e-mail address (link from the real mail) -> sign in -> edit the profile
-> choose which e-mails to get -> download my data -> delete the account (so the journey leaves nothing behind)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from tests.e2e.harness import MailCatcher, Site, expect

pytestmark = pytest.mark.e2e

PASSWORD = "een zin als wachtwoord"


def test_register_verify_sign_in_profile_preferences_my_data(site: Site) -> None:
    page = site.page
    email = f"resident-{uuid.uuid4().hex[:8]}@example.org"

    # Register (in English: the labels are the msgids, whatever the Dutch catalogue says today)
    site.visit("/")
    site.use_language("en")
    with site.navigation():
        page.get_by_role("main").get_by_role("link", name="Create an account").click()
    assert site.path() == "/register"
    with site.navigation():  # an empty form first: the error summary and the field errors are checked too
        page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("alert")).to_contain_text("Please check the form")
    expect(page.get_by_label("Your name")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("Your name").fill("Fatima")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_label("Postcode").fill("3601 ab")
    page.get_by_label("I agree to the terms of use and the privacy statement").check()
    page.get_by_label("I am 16 years or older").check()
    with site.navigation():
        page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")

    # The confirmation mail arrives over SMTP with an absolute link to this server
    link = MailCatcher.link(site.mail.wait_for(email), "/verify/")
    assert link.startswith(site.url("/verify/")), link
    assert page.locator("form[action$='/logout']").count() == 0  # registering does not sign in (no enumeration)
    page.context.clear_cookies()  # opened in another browser: the link does not sign in there
    site.visit(link)
    assert site.path().startswith("/login")
    expect(page.get_by_role("status")).to_contain_text("Je e-mailadres is bevestigd")  # a new browser: Dutch
    site.use_language("en")

    # Sign in
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    with site.navigation():
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("status")).to_contain_text("Welcome, Fatima")
    with site.navigation():
        page.get_by_role("navigation", name="Your account").get_by_role("link", name="My account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My account")
    expect(page.get_by_role("main")).not_to_contain_text("not confirmed yet")

    # Edit the profile
    with site.navigation():
        page.get_by_role("link", name="Change my profile").click()
    page.get_by_label("About you").fill("Ik kook graag voor de buren.")
    page.get_by_label("What you are good at").fill("koken, boodschappen")
    with site.navigation():
        page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Your profile is saved")
    expect(page.get_by_role("main")).to_contain_text("Ik kook graag voor de buren.")

    # Which e-mails you get (notifications)
    with site.navigation():
        page.get_by_role("link", name="Which e-mails you get").click()
    assert site.path() == "/notifications/preferences"
    welcome = page.get_by_role("group", name="Welcome")
    welcome.get_by_label("No e-mail").check()
    with site.navigation():
        page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_role("status")).to_contain_text("Your choices are saved")
    expect(page.get_by_role("group", name="Welcome").get_by_label("No e-mail")).to_be_checked()

    # Download my data
    site.visit("/account/")
    with site.navigation():
        page.get_by_role("link", name="Download my data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Download my data")
    with page.expect_download() as download:
        page.get_by_role("main").get_by_role("link", name="Download my data").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["account"]["email"] == email
    assert data["account"]["bio"] == "Ik kook graag voor de buren."
    assert data["account"]["email_verified_at"]
    preferences = data.get("notifications", {}).get("email_preferences")
    if preferences is not None:
        assert preferences.get("welcome") == "off", preferences

    # Delete the account: nothing of this journey stays behind
    site.visit("/account/")
    with site.navigation():
        page.get_by_role("link", name="Delete my account").click()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("Yes, delete my account").check()
    with site.navigation():
        page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("status")).to_contain_text("Your account has been deleted")
    expect(page.get_by_role("navigation", name="Your account").get_by_role("link", name="Sign in")).to_be_visible()
