"""Neighbourhood plans end to end (issue 7): a lead starts a plan in the demo call and invites two neighbours by
e-mail -> a new neighbour registers through the invitation, confirms the address and lands back on it -> a demo
resident accepts from the invitation mail -> the lead sends the plan -> a panel member asks for a change -> the lead
changes it and sends it again -> the community manager approves it within the budget -> the team reports that it is
done. Every page is checked (axe-core, 320 px reflow)."""

from __future__ import annotations

import time
import uuid
from datetime import date, timedelta

import pytest

from tests.e2e.harness import MailCatcher, Site, expect

pytestmark = pytest.mark.e2e

CALL = "Zelf bedacht, zelf gedaan: Stichtse Vecht"  # the demo call (proposals/demo.py): Maarssen and Breukelen
LEAD = "sem@example.org"
NEIGHBOUR = "lotte@example.org"  # a demo resident: the invitation reaches her as a notification mail
PANEL = "els@example.org"  # on the panel of the demo call
MANAGER = "manager@example.org"  # looks after Maarssen and Breukelen (moderation/demo.py)
PASSWORD = "een zin als wachtwoord"


def _leave(site: Site) -> None:
    """Put the demo account's language back (Dutch, as seeded) and sign out: after its last visit."""
    site.use_language("nl")
    site.sign_out()


def _join_link(site: Site, address: str, timeout: float = 10) -> str:
    """The join link in the newest mail to `address` that has one (the subject depends on the account's language)."""
    deadline = time.monotonic() + timeout
    while True:
        for message in reversed(site.mail.to(address)):
            if "/plans/join/" in MailCatcher.body(message):
                return MailCatcher.link(message, "/plans/join/")
        if time.monotonic() > deadline:
            raise AssertionError(f"no invitation with a join link reached {address}")
        time.sleep(0.05)


def test_invite_accept_submit_changes_resubmit_approve_report(site: Site) -> None:
    page = site.page
    main = page.get_by_role("main")
    status = page.get_by_role("status")
    tag = uuid.uuid4().hex[:6]
    title = f"Buurtbankjes aan de Vecht {tag}"
    newcomer = f"buur-{tag}@example.org"

    # The lead starts a plan in the open demo call and invites two neighbours by e-mail
    site.sign_in(LEAD)
    with site.navigation():
        page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Neighbourhood plans").click()
    with site.navigation():
        main.get_by_role("link", name=CALL).first.click()
    with site.navigation():
        main.get_by_role("link", name="Start a plan").click()
    page.get_by_label("Title of your plan").fill(title)
    page.get_by_label("Summary").fill("Drie bankjes langs het jaagpad, waar buren even kunnen zitten.")
    page.get_by_label("How does your plan help people in the neighbourhood live together pleasantly?").fill(
        "Oudere buren maken een wandeling en kunnen onderweg rusten en een praatje maken.")
    page.get_by_label("How will you carry out your plan?").fill("Wij zetten de bankjes samen met de gemeente neer.")
    page.get_by_label("When will your plan be finished?").fill((date.today() + timedelta(days=90)).isoformat())
    line = page.get_by_role("group", name="Line 1", exact=True)
    line.get_by_label("What is the money for?").fill("Drie bankjes")
    line.get_by_label("Amount (euros)").fill("900")
    with site.navigation():
        page.get_by_role("button", name="Save", exact=True).click()
    expect(status).to_contain_text("Your plan is saved as a draft")
    team_path = site.path()
    plan_path = team_path.removesuffix("/team")
    for address in (newcomer, NEIGHBOUR):
        page.get_by_label("E-mail address").fill(address)
        with site.navigation():
            page.get_by_role("button", name="Send the invitation").click()
        expect(status).to_contain_text(f"We have sent an invitation to {address}")
    expect(page.get_by_role("region", name="Invitations without an answer")).to_contain_text(newcomer)
    site.sign_out()  # the lead comes back: English stays until the last visit

    # A neighbour without an account registers through the invitation and comes back to it after confirming
    site.visit(_join_link(site, newcomer))
    site.use_language("en")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Join the team of “{title}”?")
    with site.navigation():
        main.get_by_role("link", name="Create an account").click()
    page.get_by_label("Your name").fill("Noa")
    page.get_by_label("E-mail address").fill(newcomer)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_label("Postcode").fill("3603 AB")
    page.get_by_label("I agree to the terms of use and the privacy statement").check()
    page.get_by_label("I am 16 years or older").check()
    with site.navigation():
        page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    site.visit(MailCatcher.link(site.mail.wait_for(newcomer, count=2), "/verify/"))
    expect(status).to_contain_text("Your e-mail address is confirmed")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Join the team of “{title}”?")
    with site.navigation():
        page.get_by_role("button", name="Yes, I join the team").click()
    expect(status).to_contain_text(f"Welcome to the team of “{title}”!")
    site.sign_out()

    # A neighbour with an account accepts from the invitation mail
    site.sign_in(NEIGHBOUR)
    site.visit(_join_link(site, NEIGHBOUR))
    with site.navigation():
        page.get_by_role("button", name="Yes, I join the team").click()
    expect(status).to_contain_text(f"Welcome to the team of “{title}”!")
    _leave(site)

    # The lead sends the plan: three confirmed members
    site.sign_in(LEAD)
    site.visit(plan_path)
    expect(main).to_contain_text("3 confirmed members.")
    with site.navigation():
        main.get_by_role("link", name="Send the plan").click()
    with site.navigation():
        main.get_by_role("button", name="Send the plan").click()
    expect(status).to_contain_text("Your plan has been sent.")
    expect(main).to_contain_text("Sent: waiting for assessment")
    site.sign_out()

    # A panel member asks for a change
    site.sign_in(PANEL)
    site.visit(plan_path)
    with site.navigation():
        main.get_by_role("link", name="Assess this plan").click()
    page.get_by_label("Ask the team to change the plan").check()
    page.get_by_label("Explanation for the team").fill("Komt er ook een afvalbak bij de bankjes? Zet die erbij.")
    with site.navigation():
        page.get_by_role("button", name="Save the decision").click()
    expect(status).to_contain_text("The plan has gone back to the team with your comments.")
    _leave(site)

    # The lead changes the plan and sends it again
    site.sign_in(LEAD)
    site.visit(plan_path)
    expect(main).to_contain_text("Komt er ook een afvalbak bij de bankjes?")
    with site.navigation():
        main.get_by_role("link", name="Change the plan").click()
    line = page.get_by_role("group", name="Line 2", exact=True)
    line.get_by_label("What is the money for?").fill("Afvalbak")
    line.get_by_label("Amount (euros)").fill("150")
    with site.navigation():
        page.get_by_role("button", name="Save", exact=True).click()
    expect(status).to_contain_text("Your changes are saved.")
    with site.navigation():
        main.get_by_role("link", name="Send the plan").click()
    with site.navigation():
        main.get_by_role("button", name="Send the plan").click()
    expect(status).to_contain_text("Your plan has been sent.")
    site.sign_out()

    # The community manager approves it within the budget of the call
    site.sign_in(MANAGER)
    site.visit(plan_path)
    with site.navigation():
        main.get_by_role("link", name="Assess this plan").click()
    expect(main).to_contain_text("Still available in the call")
    page.get_by_label("Approve the plan and grant money").check()
    page.get_by_label("Amount you grant (euros)").fill("1050")
    page.get_by_label("Explanation for the team").fill("Een goed plan, met de afvalbak erbij.")
    with site.navigation():
        page.get_by_role("button", name="Save the decision").click()
    expect(status).to_contain_text("The plan is approved.")
    expect(main).to_contain_text("Granted: €1,050.00.")
    _leave(site)

    # The team reports that the plan is done
    site.sign_in(LEAD)
    site.visit(plan_path)
    with site.navigation():
        main.get_by_role("link", name="Write the report").click()
    page.get_by_label("How did it go?").fill("De bankjes en de afvalbak staan er. Elke ochtend zitten er buren.")
    page.get_by_label("How much of the granted money did you spend? (euros)").fill("1025")
    with site.navigation():
        page.get_by_role("button", name="Send the report and finish the plan").click()
    expect(status).to_contain_text("Thank you for your report!")
    expect(main).to_contain_text("Completed")
    expect(main).to_contain_text("De bankjes en de afvalbak staan er.")
    _leave(site)
