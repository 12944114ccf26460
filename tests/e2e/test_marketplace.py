"""The help marketplace end to end (issue 5): a visitor browses /help near a place and opens a listing without seeing
names -> a requester posts a request (category, title, description, distance, timing) and sees the offers that fit
-> a helper finds it and reacts with a message -> the requester accepts -> both write in the conversation and share
their e-mail address (consent) -> the requester marks it done with hours and a thank-you note, both make the note
public -> the helper's profile shows the thanks.

Every page is checked (axe-core, 320 px reflow). Demo accounts; the request is new (a unique word in its title), and
the journey puts the accounts' language back to Dutch.
"""

from __future__ import annotations

import re
import time
import uuid
from datetime import date, timedelta

import pytest

from tests.e2e.harness import Site, expect

pytestmark = pytest.mark.e2e

REQUESTER = "anna@example.org"  # Anna, 3601 Maarssen
HELPER = "bram@example.org"  # Bram, 3621 Breukelen
DEMO_REQUEST = "Kattenoppas tijdens vakantie"  # Jan's open demo request in 3603 Maarssen
FITTING_OFFER = "Ik neem je boodschappen mee"  # Mohamed's groceries offer in 3602, within 5 km


def _leave(site: Site) -> None:
    """Put the demo account's language back (Dutch, as seeded) and sign out."""
    site.use_language("nl")
    site.sign_out()


def _mail_linking(site: Site, address: str, url: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not any(url in site.mail.body(m) for m in site.mail.to(address)):
        if time.monotonic() > deadline:
            raise AssertionError(f"no mail to {address} with a link to {url} within {timeout}s")
        time.sleep(0.05)


def _open_help(site: Site) -> None:
    with site.navigation():
        site.page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Help in your area").click()
    expect(site.page.get_by_role("heading", level=1)).to_have_text("Help in your area")


def _open_conversation(site: Site, email: str, title: str, *, owner: bool) -> None:
    """Sign in and go to the conversation about the request the way each party would: the requester through "My
    requests and offers" and the request's reactions, the helper through "My reactions"."""
    page = site.page
    main = page.get_by_role("main")
    site.sign_in(email)
    _open_help(site)
    yours = main.get_by_role("navigation", name="Your help")
    if owner:
        with site.navigation():
            yours.get_by_role("link", name="My requests and offers").click()
        with site.navigation():
            main.get_by_role("link", name=title).click()
        with site.navigation():
            main.get_by_role("region", name="This is yours").get_by_role(
                "link", name=re.compile(r"^(Read and answer|Open the conversation)")).first.click()
    else:
        with site.navigation():
            yours.get_by_role("link", name="My reactions").click()
        with site.navigation():
            main.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Conversation with")


def test_ask_find_react_accept_message_complete_thank(site: Site) -> None:
    page = site.page
    main = page.get_by_role("main")
    token = uuid.uuid4().hex[:6]
    title = f"Boodschappen en medicijnen ophalen {token}"
    on_day = date.today() + timedelta(days=5)

    # A visitor browses the marketplace near a place name (in Dutch first, then English) and sees no names
    site.visit("/help")
    site.use_language("en")
    page.get_by_label("Near postcode or place").fill("Maarssen")
    page.get_by_label("Within").select_option(label="5 km")
    with site.navigation():
        main.get_by_role("button", name="Search").click()
    expect(main).to_contain_text(re.compile(r"Near \d{4} Maarssen, within 5 km"))
    results = main.get_by_role("region", name="Requests and offers")
    expect(results.get_by_role("article").first).to_be_visible()
    expect(results).not_to_contain_text("Posted by")
    with site.navigation():
        results.get_by_role("link", name=DEMO_REQUEST).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(DEMO_REQUEST)
    expect(main).to_contain_text("3603 Maarssen")
    expect(main).to_contain_text("Names are only visible to signed-in neighbours.")
    expect(main).not_to_contain_text("Posted by")
    expect(main).not_to_contain_text(re.compile(r"\bJan\b"))  # the author's name (not "January")
    expect(main.get_by_role("link", name="Sign in to react")).to_be_visible()

    # The requester posts a request and sees the offers that fit
    site.sign_in(REQUESTER)
    _open_help(site)
    with site.navigation():
        main.get_by_role("link", name="Ask for help").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask for help or offer help")
    expect(page.get_by_role("group", name="What do you want to do?").get_by_label("I am looking for help")) \
        .to_be_checked()
    page.get_by_label("What kind of help?").select_option(label="Groceries")  # a standard category, translated
    page.get_by_label("Title").fill(title)
    page.get_by_label("Describe what it is about").fill(
        "Ik ben net geopereerd aan mijn heup. Wie haalt deze week boodschappen en mijn medicijnen bij de apotheek?")
    expect(page.get_by_label("Postcode area")).to_have_value("3601")
    page.get_by_role("group", name="Distance").get_by_label("10 km").check()
    page.get_by_role("group", name="When?").get_by_label("On a certain date").check()
    page.get_by_label("Date", exact=True).fill(on_day.isoformat())
    page.get_by_label("Part of the day").select_option(label="in the morning")
    page.get_by_role("group", name="How urgent is it?").get_by_label("Within a week").check()
    with site.navigation():
        main.get_by_role("button", name="Post it").click()
    expect(page.get_by_role("status")).to_contain_text("Your request is online")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(main).to_contain_text("in the morning")
    listing_path = site.path().split("?")[0].split("#")[0]
    fitting = main.get_by_role("region", name="Offers that fit this request")
    expect(fitting.get_by_role("link", name=FITTING_OFFER)).to_be_visible()
    expect(main.get_by_role("region", name="This is yours")).to_contain_text("No reactions yet")
    _leave(site)

    # The helper finds it near Maarssen and reacts with a message
    site.sign_in(HELPER)
    _open_help(site)
    page.get_by_label("Near postcode or place").fill("Maarssen")
    page.get_by_label("Within").select_option(label="10 km")
    page.get_by_text("More search options").click()  # words, kind and category sit behind a disclosure
    page.get_by_label("Requests or offers").select_option(label="Requests for help")
    page.get_by_label("Words").fill(token)
    with site.navigation():
        main.get_by_role("button", name="Search").click()
    found = main.get_by_role("region", name="Requests and offers").get_by_role("article")
    expect(found).to_have_count(1)
    expect(found).to_contain_text("Posted by Anna")
    with site.navigation():
        found.get_by_role("link", name=title).click()
    react = main.get_by_role("region", name="Can you help?")
    react.get_by_label("Your message").fill("Dag Anna, ik kan donderdagochtend. Ik heb een auto, de apotheek is "
                                            "geen probleem.")
    with site.navigation():
        react.get_by_role("button", name="Send my reaction").click()
    expect(page.get_by_role("status")).to_contain_text("Your reaction has been sent")
    expect(page.get_by_role("heading", level=1)).to_have_text("Conversation with Anna")
    expect(main).to_contain_text("Waiting for an answer")
    conversation = site.url(site.path().split("#")[0])
    _leave(site)
    # The requester gets an e-mail with a link to the conversation
    _mail_linking(site, REQUESTER, conversation)

    # The requester reads the reaction, accepts it, shares her e-mail address and writes a message
    _open_conversation(site, REQUESTER, title, owner=True)
    expect(page.get_by_role("heading", level=1)).to_have_text("Conversation with Bram")
    expect(main.get_by_role("region", name="Messages")).to_contain_text("ik kan donderdagochtend")
    with site.navigation():
        main.get_by_role("button", name="Accept Bram").click()
    expect(page.get_by_role("status")).to_contain_text("You accepted the reaction")
    expect(main).to_contain_text("You are matched")
    page.get_by_label("Show my e-mail address to this person").check()
    with site.navigation():
        main.get_by_role("button", name="Save my choice").click()
    expect(page.get_by_role("status")).to_contain_text("Your choice is saved")
    expect(page.get_by_label("Show my e-mail address to this person")).to_be_checked()
    expect(main).to_contain_text("You have shared your details. Bram has not chosen yet.")
    main.get_by_role("region", name="Messages").get_by_label("Your message").fill(
        "Fijn, Bram! Donderdag om tien uur past goed. Het lijstje ligt klaar.")
    with site.navigation():
        main.get_by_role("button", name="Send message").click()
    expect(page.get_by_role("status")).to_contain_text("Your message has been sent")
    _leave(site)

    # The helper sees the answer; Anna's e-mail address only once he shares his own too (mutual sharing)
    _open_conversation(site, HELPER, title, owner=False)
    expect(page.get_by_role("heading", level=1)).to_have_text("Conversation with Anna")
    status = main.get_by_role("region", name="Where are we?")
    expect(status).to_contain_text("You are matched")
    expect(status).to_contain_text("Anna has shared their details and is waiting for you.")
    expect(status.get_by_role("link", name=REQUESTER)).to_have_count(0)
    expect(main.get_by_role("region", name="Messages")).to_contain_text("Donderdag om tien uur past goed")
    page.get_by_label("Show my e-mail address to this person").check()
    with site.navigation():
        main.get_by_role("button", name="Save my choice").click()
    expect(page.get_by_role("status")).to_contain_text("Your choice is saved")
    status = main.get_by_role("region", name="Where are we?")
    expect(status.get_by_role("link", name=REQUESTER)).to_be_visible()
    main.get_by_role("region", name="Messages").get_by_label("Your message").fill("Tot donderdag, Anna!")
    with site.navigation():
        main.get_by_role("button", name="Send message").click()
    expect(page.get_by_role("status")).to_contain_text("Your message has been sent")
    _leave(site)

    # The requester sees his e-mail address and reply, then marks it done with hours and a public thank-you note
    thanks = f"Dank je wel voor de boodschappen en de medicijnen! ({token})"
    _open_conversation(site, REQUESTER, title, owner=True)
    status = main.get_by_role("region", name="Where are we?")
    expect(status.get_by_role("link", name=HELPER)).to_be_visible()
    expect(main.get_by_role("region", name="Messages")).to_contain_text("Tot donderdag, Anna!")
    with site.navigation():
        main.get_by_role("link", name="Yes, it is done").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Did Bram help you?")
    page.get_by_label("How many hours did it take?").fill("1,5")
    page.get_by_label("Thank-you note").fill(thanks)
    page.get_by_label("The helper may show this note on their profile").check()
    with site.navigation():
        main.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_role("status")).to_contain_text("Wonderful that it worked out")
    expect(main).to_contain_text("Time spent: 1,5 hours")
    _leave(site)

    # The helper agrees to show the note; his profile shows the thanks
    _open_conversation(site, HELPER, title, owner=False)
    expect(main).to_contain_text("Anna would like to show this note on your profile")
    with site.navigation():
        main.get_by_role("button", name="Show it on my profile").click()
    expect(page.get_by_role("status")).to_contain_text("The thank-you note is now shown on the profile")
    with site.navigation():
        page.get_by_role("navigation", name="Your account").get_by_role("link", name="My account").click()
    with site.navigation():
        main.get_by_role("link", name="See how neighbours see me").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bram")
    given = main.get_by_role("region", name="Help given")
    expect(given).to_contain_text(thanks)
    expect(given).to_contain_text("From Anna")
    profile_path = site.path()
    _leave(site)

    # A visitor finds the finished request gone (410, no title or text), and the thanks on the helper's profile,
    # without names
    response = site.visit(listing_path)
    assert response.status == 410
    site.use_language("en")
    expect(page.get_by_role("heading", level=1)).to_have_text("No longer available")
    site.visit(profile_path)
    expect(page.get_by_role("heading", level=1)).to_have_text("A neighbour")
    given = main.get_by_role("region", name="Help given")
    expect(given).to_contain_text(thanks)
    expect(given).not_to_contain_text("From Anna")
