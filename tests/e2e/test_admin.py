"""The admin changes a setting at /admin/settings, sees it on the contact page, and puts it back."""

from __future__ import annotations

import pytest

from tests.e2e.harness import Site, expect

pytestmark = pytest.mark.e2e

HOURS_LABEL = "When the community manager can be reached"
EMAIL_LABEL = "E-mail of the community manager"
NEW_HOURS = "dinsdag en donderdag, 10.00 tot 12.00 uur"


def test_admin_changes_a_setting_and_puts_it_back(site: Site) -> None:
    page = site.page
    site.sign_in("admin@example.org")
    with site.navigation():
        page.get_by_role("link", name="Administration").click()
    with site.navigation():
        page.get_by_role("main").get_by_role("link", name="Settings").click()
    assert site.path() == "/admin/settings"
    hours = page.get_by_label(HOURS_LABEL)
    original_hours = hours.input_value()
    original_email = page.get_by_label(EMAIL_LABEL).input_value()

    # A wrong value: nothing is saved, the error is shown next to the field
    hours.fill(NEW_HOURS)
    page.get_by_label(EMAIL_LABEL).fill("not an e-mail address")
    with site.navigation():
        page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("alert")).to_contain_text("Please check the form")
    expect(page.get_by_label(EMAIL_LABEL)).to_have_attribute("aria-invalid", "true")

    page.get_by_label(EMAIL_LABEL).fill(original_email)
    page.get_by_label(HOURS_LABEL).fill(NEW_HOURS)
    with site.navigation():
        page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("status")).to_contain_text("1 setting saved")
    expect(page.get_by_label(HOURS_LABEL)).to_have_value(NEW_HOURS)

    # Residents see it
    with site.navigation():
        page.get_by_role("contentinfo").get_by_role("link", name="Contact").click()
    expect(page.get_by_role("main")).to_contain_text(NEW_HOURS)

    # Put it back (the default value), and the admin's language too
    site.visit("/admin/settings")
    with site.navigation():
        page.get_by_role("button", name=f"Go back to the default value for “{HOURS_LABEL}”").click()
    expect(page.get_by_role("status")).to_contain_text("is back to its default value")
    expect(page.get_by_label(HOURS_LABEL)).to_have_value(original_hours)
    site.use_language("nl")
    site.sign_out()
