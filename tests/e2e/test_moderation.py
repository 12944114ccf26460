"""Community management end to end (issue 8): three residents report the same idea -> it goes offline at once ->
the community manager puts it back online from the queue, with a reason -> the audit log shows the entry -> the
manager opens the dashboard of the neighbourhood and downloads the CSV -> a visitor opens the impact page.

Every page is checked (axe-core, 320 px reflow). Demo data only: the idea and the reporters are demo content, and
the journey puts back what it changes (the idea is online again, the accounts' language is Dutch again).
"""

from __future__ import annotations

import csv
import time
import uuid

import pytest

from tests.e2e.harness import Site, expect

pytestmark = pytest.mark.e2e

MANAGER = "manager@example.org"  # looks after Maarssen and Breukelen in the demo data
REPORTERS = ("sem@example.org", "karin@example.org", "willem@example.org")  # verified demo residents
ROUND = "Ideeënveiling Breukelen en Nieuwersluis"
IDEA = "Taalcafé in de bibliotheek"  # Anna's idea in Breukelen; nobody reported it in the demo data
NEIGHBOURHOOD = "Breukelen"


def _leave(site: Site) -> None:
    """Put the demo account's language back (Dutch, as seeded) and sign out."""
    site.use_language("nl")
    site.sign_out()


def _report(site: Site, email: str, idea_path: str | None) -> str:
    """Sign in as `email`, open the idea (through the menus the first time) and report it. Returns its path."""
    page = site.page
    main = page.get_by_role("main")
    site.sign_in(email)
    if idea_path is None:
        with site.navigation():
            page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Ideas auction").click()
        with site.navigation():
            main.get_by_role("link", name=ROUND, exact=True).click()
        with site.navigation():
            main.get_by_role("link", name=IDEA).click()
        idea_path = site.path()
    else:
        site.visit(idea_path)
    expect(page.get_by_role("heading", level=1)).to_have_text(IDEA)
    with site.navigation():
        main.get_by_role("link", name="Report this idea").click()
    page.get_by_label("Unkind, rude or hurtful").check()
    page.get_by_label("Tell us more").fill("Dit is niet vriendelijk geschreven.")
    with site.navigation():
        main.get_by_role("button", name="Send report").click()
    return idea_path


def _mail_mentioning(site: Site, address: str, text: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not any(text in site.mail.body(m) for m in site.mail.to(address)):
        if time.monotonic() > deadline:
            raise AssertionError(f"no mail to {address} mentioning {text!r} within {timeout}s")
        time.sleep(0.05)


def test_reports_hide_the_idea_and_the_manager_restores_it(site: Site) -> None:
    page = site.page
    main = page.get_by_role("main")
    reason = f"Na overleg met de schrijver is het in orde ({uuid.uuid4().hex[:6]})."

    # Three residents report the same idea; the third report takes it offline at once
    idea_path: str | None = None
    for number, email in enumerate(REPORTERS, start=1):
        idea_path = _report(site, email, idea_path)
        status = page.get_by_role("status")
        if number < len(REPORTERS):
            expect(status).to_contain_text("Thank you for your report")
        else:
            expect(status).to_contain_text("it is offline now")
        _leave(site)
    assert idea_path is not None

    # A visitor no longer finds it: its page is gone, and the round does not list it
    response = site.visit(idea_path)
    assert response.status == 404
    site.visit("/ideas")
    with site.navigation():
        main.get_by_role("link", name=ROUND, exact=True).click()
    expect(main.get_by_role("link", name="Buurtfeest op het Kerkplein")).to_be_visible()
    expect(main.get_by_role("link", name=IDEA)).to_have_count(0)

    # The manager finds it in the queue and puts it back online, with a reason
    site.sign_in(MANAGER)
    with site.navigation():
        page.get_by_role("navigation", name="Your account").get_by_role("link", name="Work list").click()
    reported = main.get_by_role("region", name="Reported")
    row = reported.get_by_role("row").filter(has_text=IDEA)
    expect(row).to_contain_text("offline")
    expect(row.get_by_role("cell").nth(0)).to_have_text("3")
    with site.navigation():
        row.get_by_role("link", name=IDEA).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(IDEA)
    expect(main.get_by_role("region", name="Reports (3)").get_by_role("row")).to_have_count(4)  # header + 3
    page.get_by_label("Reason").fill(reason)
    with site.navigation():
        main.get_by_role("button", name="Put it back online").click()
    expect(page.get_by_role("status")).to_contain_text("It is online again")
    expect(main.get_by_text("online", exact=True)).to_be_visible()

    # The audit log shows the automatic hiding and the manager's decision with the reason
    with site.navigation():
        main.get_by_role("navigation", name="Community management").get_by_role("link", name="Audit log").click()
    entries = main.get_by_role("table").get_by_role("row")
    restore = entries.filter(has_text="back online").filter(has_text=reason)
    expect(restore).to_have_count(1)
    expect(restore).to_contain_text("Marieke (wijkhulp)")
    expect(entries.filter(has_text="Taken offline automatically after reports").first).to_be_visible()
    # The reporters hear the outcome (the notification mail names the idea)
    _mail_mentioning(site, REPORTERS[0], IDEA)

    # The dashboard of the neighbourhood, and its CSV export
    with site.navigation():
        page.get_by_role("navigation", name="Your account").get_by_role("link", name="Dashboard").click()
    page.get_by_label("Neighbourhood", exact=True).select_option(label=NEIGHBOURHOOD)
    with site.navigation():
        main.get_by_role("button", name="Show").click()
    expect(main.get_by_text(f"Figures for {NEIGHBOURHOOD}")).to_be_visible()
    expect(main.get_by_role("table", name="Reports per reason")).to_be_visible()
    with page.expect_download() as download_info:
        main.get_by_role("link", name="Download as CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("dashboard-") and download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and list(rows[0]) == ["neighbourhood", "from", "to", "section", "key", "label", "row", "column",
                                      "value", "unit"]
    assert {r["neighbourhood"] for r in rows} == {NEIGHBOURHOOD}
    received = next(r["value"] for r in rows if r["key"] == "reports_received")
    assert received == "<5" or int(received) >= 5, received  # our three reports, suppressed in the export
    unkind = next(r["value"] for r in rows if r["key"] == "reports_per_reason" and r["row"] == "Unkind")
    assert unkind != "0"
    assert all(r["value"] in ("", "<5", "–") or float(r["value"]) >= 0 for r in rows)  # "–": a median over 1-4
    _leave(site)

    # A visitor sees the idea again, and what the neighbourhoods did together
    site.visit(idea_path)
    expect(page.get_by_role("heading", level=1)).to_have_text(IDEA)
    assert site.visit("/impact").status == 200
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(main.get_by_role("heading", level=2).first).to_be_visible()  # a section of public figures


def test_the_other_management_pages_and_their_refusals(site: Site) -> None:
    """The pages the story above does not reach, each checked, and refused input shown next to its field (422)."""
    page = site.page
    main = page.get_by_role("main")
    community = main.get_by_role("navigation", name="Community management")

    site.sign_in(MANAGER)
    with site.navigation():
        page.get_by_role("navigation", name="Your account").get_by_role("link", name="Work list").click()
    # Erik's advertising profile went offline in the demo data
    with site.navigation():
        community.get_by_role("link", name="Blocked accounts").click()
    with site.navigation():
        main.get_by_role("region", name="Profiles taken offline (1)").get_by_role("link", name="Erik").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Erik")
    # A warning needs a reason: refused, shown at the field
    with site.navigation():
        main.get_by_role("button", name="Send the writer a warning").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label("Reason")).to_have_attribute("aria-invalid", "true")
    with site.navigation():
        main.get_by_role("link", name="Erik", exact=True).click()
    # Blocking needs a reason too
    with site.navigation():
        main.get_by_role("button", name="Block this person").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect(main.get_by_text("active", exact=True)).to_be_visible()  # still not blocked
    # The kindness word list is site-wide, so it is an admin's: no link, and the page refuses a manager
    expect(community.get_by_role("link", name="Kindness reminder")).to_have_count(0)
    assert site.visit("/manage/kindness-words").status == 403
    site.visit("/manage/queue")
    # The audit log, filtered on one action; a broken date is refused (422) with the message at the field
    with site.navigation():
        community.get_by_role("link", name="Audit log").click()
    page.get_by_label("Action").select_option("moderation.warn")
    with site.navigation():
        main.get_by_role("button", name="Show").click()
    expect(main.get_by_role("table").get_by_role("row").filter(has_text="Warned").first).to_be_visible()
    expect(main.get_by_role("table").get_by_role("row").filter(has_text="Taken offline automatically")).to_have_count(0)
    assert site.visit("/manage/audit?start=31-31-2025").status == 422
    expect(page.get_by_label("From")).to_have_attribute("aria-invalid", "true")
    # The dashboard refuses a period that ends before it starts
    with site.navigation():
        community.get_by_role("link", name="Dashboard").click()
    page.get_by_label("From").fill("2025-03-01")
    page.get_by_label("Up to and including").fill("2025-02-01")
    with site.navigation():
        main.get_by_role("button", name="Show").click()
    expect(page.get_by_role("alert")).to_contain_text("the first day must come before the last day")
    expect(main.get_by_role("link", name="Download as CSV")).to_have_count(0)
    _leave(site)

    # Admins assign managers to neighbourhoods
    site.sign_in("admin@example.org")
    site.visit("/manage/queue")
    with site.navigation():
        main.get_by_role("navigation", name="Community management").get_by_role(
            "link", name="Managers per neighbourhood").click()
    expect(main.get_by_role("table", name="Neighbourhoods and their managers").get_by_role("row").filter(
        has_text=NEIGHBOURHOOD)).to_contain_text("Marieke (wijkhulp)")
    _leave(site)
