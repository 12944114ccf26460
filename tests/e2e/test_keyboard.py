"""With the keyboard alone (Tab, Shift+Tab, Enter, Space): use the skip link, sign in, reach "My account", sign out.

Focus is recognised by what the element is (href, name, id), not by its text, so this works in Dutch (the default
language, which this journey keeps) whatever the catalogue says.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.harness import DEMO_PASSWORD, Site

pytestmark = pytest.mark.e2e

_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name') || '', type: el.type || '',
    href: el.getAttribute('href') || '', text: (el.innerText || el.value || '').trim().slice(0, 60),
    checked: !!el.checked, classes: el.className || '',
    visible: box.width > 1 && box.height > 1 && box.bottom > 0 && box.right > 0,
    indicator: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none',
  };
}"""


def focused(site: Site) -> dict[str, Any]:
    info = site.page.evaluate(_FOCUSED)
    assert info is not None, "nothing has the keyboard focus"
    return info


def press_until(site: Site, wanted: Any, key: str = "Tab", limit: int = 40) -> dict[str, Any]:
    """Press `key` until the focused element matches `wanted`; every stop must show where the focus is."""
    seen = []
    for _ in range(limit):
        site.page.keyboard.press(key)
        info = focused(site)
        seen.append(info["href"] or info["name"] or info["id"] or info["text"])
        assert info["visible"], f"the focus is on something you cannot see: {info}"
        assert info["indicator"], f"no visible focus indicator (outline or box-shadow) on {info}"
        if wanted(info):
            return info
    raise AssertionError(f"{key} x{limit} never reached the element; focus went through: {seen}")


def test_sign_in_and_reach_my_account_with_the_keyboard_alone(site: Site) -> None:
    page = site.page
    site.visit("/")

    # The first Tab reaches the skip link; Enter moves the focus to the main content
    skip = press_until(site, lambda f: True)
    assert skip["href"] == "#main" and "skip-link" in skip["classes"], f"first Tab stop is not the skip link: {skip}"
    page.keyboard.press("Enter")
    assert focused(site)["id"] == "main", "the skip link does not move the focus to <main>"

    # Back up (Shift+Tab) into the header to the sign-in link, and follow it
    press_until(site, lambda f: f["href"].startswith("/login"), key="Shift+Tab")
    with site.navigation():
        page.keyboard.press("Enter")
    assert site.path().startswith("/login")

    # Skip link again, then the form: e-mail, password, (Shift+Tab back and forth), remember me, submit
    press_until(site, lambda f: f["href"] == "#main")
    page.keyboard.press("Enter")
    press_until(site, lambda f: f["name"] == "email", limit=3)
    page.keyboard.type("anna@example.org")
    press_until(site, lambda f: f["name"] == "password", limit=1)
    page.keyboard.type(DEMO_PASSWORD)
    press_until(site, lambda f: f["name"] == "email", key="Shift+Tab", limit=1)
    press_until(site, lambda f: f["name"] == "password", limit=1)
    remember = press_until(site, lambda f: f["name"] == "remember", limit=1)
    assert not remember["checked"]
    page.keyboard.press("Space")
    assert focused(site)["checked"], "Space does not tick the checkbox"
    press_until(site, lambda f: f["tag"] == "button" and f["type"] == "submit", limit=3)
    with site.navigation():
        page.keyboard.press("Enter")
    assert not site.path().startswith("/login"), "signing in with the keyboard failed"

    # Reach "My account" in the header
    press_until(site, lambda f: f["href"] == "/account/")
    with site.navigation():
        page.keyboard.press("Enter")
    assert site.path() == "/account/"
    assert "anna@example.org" in page.get_by_role("main").inner_text()

    # Sign out with the keyboard as well (the button in the header)
    press_until(site, lambda f: f["tag"] == "button" and "logout" in page.evaluate(
        "() => document.activeElement.form ? document.activeElement.form.action : ''"))
    with site.navigation():
        page.keyboard.press("Enter")
    assert page.locator("a[href='/login']").first.is_visible(), "still signed in after signing out"
