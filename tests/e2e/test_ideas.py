"""The ideas auction end to end (issue 6): a manager opens a round -> a resident submits an idea (after the kindness
reminder) -> an organisation member pledges for the organisation -> the manager closes the round early -> the owner
accepts the pledge -> the results page shows the match. Every page is checked (axe-core, 320 px reflow)."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.harness import Site, expect

pytestmark = pytest.mark.e2e

MANAGER = "manager@example.org"
RESIDENT = "anna@example.org"
MEMBER = "bakkerij@example.org"  # coordinator of the checked demo organisation "Bakkerij Van Vliet"
ORGANISATION = "Bakkerij Van Vliet"
DUTCH_TIME = ZoneInfo("Europe/Amsterdam")


def _local(moment: datetime) -> str:
    """The value a datetime-local input takes, in Dutch time."""
    return moment.astimezone(DUTCH_TIME).strftime("%Y-%m-%dT%H:%M")


def _leave(site: Site) -> None:
    """Put the demo account's language back (Dutch, as seeded) and sign out."""
    site.use_language("nl")
    site.sign_out()


def test_round_idea_pledge_close_accept_results(site: Site) -> None:
    page = site.page
    main = page.get_by_role("main")
    tag = uuid.uuid4().hex[:6]
    round_name = f"Ideeënveiling e2e {tag}"
    title = f"Boekenkast op het plein {tag}"
    now = datetime.now(DUTCH_TIME)

    # A manager opens a round: a draft first, then published
    site.sign_in(MANAGER)
    with site.navigation():
        page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Ideas auction").click()
    with site.navigation():
        main.get_by_role("link", name="Start a new round").click()
    page.get_by_label("Name of the round").fill(round_name)
    page.get_by_label("Description").fill("Ideeën voor Maarssen, met een veilingavond in het buurthuis.")
    page.get_by_label("Maarssen", exact=True).check()
    page.get_by_label("Opens on").fill(_local(now - timedelta(hours=1)))
    page.get_by_label("Closes on").fill(_local(now + timedelta(days=14)))
    with site.navigation():
        page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_role("status")).to_contain_text("has been saved as a draft")
    round_path = site.path()
    assert re.fullmatch(r"/ideas/rounds/\d+", round_path), round_path
    with site.navigation():
        page.get_by_role("button", name="Publish the round").click()
    expect(page.get_by_role("status")).to_contain_text("has been published")
    _leave(site)

    # A resident submits an idea; a hurtful word brings the kindness reminder first
    site.sign_in(RESIDENT)
    site.visit(round_path)
    with site.navigation():
        main.get_by_role("link", name="Submit an idea").click()
    page.get_by_label("Title of your idea").fill(title)
    page.get_by_label("Your idea", exact=True).fill("Een kast waar buren boeken ruilen. Geen idioot gedoe met pasjes.")
    page.get_by_label("What do you do yourself?").fill("Ik bouw de kast en houd hem netjes.")
    need = page.get_by_role("group", name="Need 1", exact=True)
    need.get_by_label("Kind of help").select_option(label="Materials")
    need.get_by_label("What exactly?").fill("Een waterdichte kast")
    need.get_by_label("How much?").fill("1")
    need.get_by_label("Unit").select_option(label="pieces")
    with site.navigation():
        page.get_by_role("button", name="Submit my idea").click()
    expect(page.get_by_role("heading", name="A moment, please")).to_be_visible()
    page.get_by_label("Your idea", exact=True).fill("Een kast waar buren boeken ruilen, voor jong en oud.")
    with site.navigation():
        page.get_by_role("button", name="Submit my idea").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you for your idea!")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    idea_path = site.path()
    _leave(site)

    # A member of a checked organisation pledges on the need, for the organisation
    site.sign_in(MEMBER)
    site.visit(idea_path)
    with site.navigation():
        main.get_by_role("link", name="Pledge for this need").click()
    page.get_by_label(f"{ORGANISATION} (I am a member)").check()
    page.get_by_label("How much do you pledge?").fill("1")
    page.get_by_label("What do you offer exactly?").fill("Een kast van steigerhout uit onze werkplaats.")
    page.get_by_label("Estimated value in euros").fill("75")
    with site.navigation():
        page.get_by_role("button", name="Pledge", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Thank you for your pledge!")
    expect(main).to_contain_text("1 of 1 piece pledged")
    _leave(site)

    # The auction evening: the presenter page for the projector (refreshing off: the journey decides when to
    # load), then the manager closes the round early
    site.sign_in(MANAGER)
    site.visit(f"{round_path}/presenter?refresh=off")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(main).to_contain_text(ORGANISATION)
    site.visit(round_path)
    with site.navigation():
        main.get_by_role("link", name="Close the round now").click()
    with site.navigation():
        page.get_by_role("button", name="Yes, close the round now").click()
    expect(page.get_by_role("status")).to_contain_text("The round has closed.")
    _leave(site)

    # The owner accepts the pledge; the idea is matched and the results page shows the match
    site.sign_in(RESIDENT)
    site.visit(idea_path)
    expect(main).to_contain_text("1 pledge waits for your decision.")
    with site.navigation():
        page.get_by_role("button", name=f"Accept the pledge of {ORGANISATION}").click()
    expect(page.get_by_role("status")).to_contain_text(f"You accepted the pledge of {ORGANISATION}")
    expect(main).to_contain_text("Matched")
    site.visit(round_path)
    with site.navigation():
        main.get_by_role("link", name="See the results").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Results of {round_name}")
    matches = page.get_by_role("table", name="Ideas and matches")
    row = matches.get_by_role("row").filter(has_text=title)
    expect(row).to_contain_text("Matched")
    expect(row).to_contain_text(f"{ORGANISATION}: 1 piece (Een waterdichte kast)")
    partners = page.get_by_role("table", name="Accepted pledges per partner")
    expect(partners.get_by_role("row").filter(has_text=ORGANISATION)).to_contain_text("75.00")
    _leave(site)


OPEN_ROUND = "Ideeënveiling Maarssen en Oud-Zuilen"  # the demo's open round
PLEDGER = "bram@example.org"


def test_presenter_mode_keys_live_figures_and_projector_fit(site: Site) -> None:
    """Issue 13, item 14: the manager opens presenter mode from the round page, moves with the keys a clicker sends,
    and a pledge made in another browser appears in place, without a reload or a jump to the top."""
    page = site.page
    site.sign_in(MANAGER)
    site.visit("/ideas")
    with site.navigation():
        page.get_by_role("main").get_by_role("link", name=OPEN_ROUND).first.click()
    with site.navigation():
        page.get_by_role("link", name="Auction evening: presenter page for the projector").click()
    assert re.search(r"/ideas/rounds/\d+/presenter$", site.path()), site.path()
    expect(page.locator(".site-header")).to_have_count(0)  # no site chrome
    expect(page.locator('meta[http-equiv="refresh"]')).to_have_count(0)  # a timed reload only by choice
    expect(page.get_by_role("button", name="Pause updating")).to_be_visible()  # the script runs
    first_title = page.get_by_role("heading", level=1).inner_text()

    # At 1920×1080 the idea, its needs (coverage bars) and the latest pledges are above the fold, in big letters
    page.set_viewport_size({"width": 1920, "height": 1080})
    for selector in ("h1", ".presenter__needs li:last-child meter", "#presenter-pledges li:last-child"):
        box = page.locator(selector).first.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 1080, (selector, box)
    body_size = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.presenter p')).fontSize)")
    assert body_size >= 32, body_size

    # The clicker's PageDown and the arrow keys follow rel=next / rel=prev
    with site.navigation():
        page.keyboard.press("PageDown")
    assert "position=2" in site.path()
    expect(page.get_by_role("heading", level=1)).not_to_have_text(first_title)
    with site.navigation():
        page.keyboard.press("ArrowLeft")
    assert "position=1" in site.path()
    expect(page.get_by_role("heading", level=1)).to_have_text(first_title)

    # A pledge made in another browser shows up in place; the page is not reloaded and keeps its scroll position
    page.set_viewport_size({"width": 1280, "height": 600})
    open_need = page.locator("li.presenter__need:not(.presenter__need--covered)").first
    need_id = (open_need.get_attribute("id") or "").removeprefix("presenter-need-")
    figure = page.locator(f"#presenter-figure-{need_id}")
    before = figure.inner_text()
    record = page.get_by_role("link", name="Record a pledge").get_attribute("href") or ""
    idea_id = re.search(r"idea=(\d+)", record)[1]  # type: ignore[index]
    page.evaluate("() => window.scrollTo(0, 40)")  # a little, so a shorter list cannot clamp it
    scrolled = page.evaluate("() => window.scrollY")
    assert scrolled == 40
    page.evaluate("() => { window.__notReloaded = true; }")

    other = page.context.browser.new_context(base_url=site.server.url, locale="nl-NL")
    try:
        pledger = other.new_page()
        pledger.goto("/login")
        pledger.locator("input[name=email]").fill(PLEDGER)
        pledger.locator("input[name=password]").fill("wijkhulp-demo")
        with pledger.expect_navigation():
            pledger.locator("main form button[type=submit]").first.click()
        pledger.goto(f"/ideas/{idea_id}/needs/{need_id}/pledge")
        pledger.locator("input[name=amount]").fill("1")
        with pledger.expect_navigation():
            pledger.locator("main form button[type=submit]").last.click()
        assert f"/ideas/{idea_id}" in pledger.url, pledger.url
    finally:
        other.close()

    expect(figure).not_to_have_text(before, timeout=30_000)  # the script fetches the state every 15 seconds
    expect(page.locator("#presenter-pledges li").first).to_contain_text("1 ")
    assert page.evaluate("() => window.__notReloaded === true")
    assert page.evaluate("() => window.scrollY") == scrolled
    site.check()  # axe on the updated page
    with site.navigation():
        page.get_by_role("link", name="Leave presenter mode").click()
    _leave(site)
