"""States and texts agree: every state a reaction and a listing go through reads the same on the conversation,
my reactions and the owner's list; the thank-you note's sentence agrees with the button under it."""

from __future__ import annotations

import html
import re

import pytest

from tests import factories
from tests.marketplace import helpers
from wijkhulp.extensions import db
from wijkhulp.marketplace import services
from wijkhulp.marketplace.models import Response


@pytest.fixture
def world(app):
    with app.app_context():
        cat = helpers.category("Boodschappen")
        anna = factories.user(email="anna@example.org", display_name="Anna")
        bram = factories.user(email="bram@example.org", display_name="Bram", postcode="3603 AB")
        request = helpers.listing(anna, category_id=cat.id, title="Boodschappen op dinsdag")
        response = services.respond(bram, request.id, "Ik kan op dinsdag.")
        return {"anna": anna.id, "bram": bram.id, "request": request.id, "response": response.id, "cat": cat.id}


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.get_data(as_text=True))


def _header_state(page: str) -> str:
    """The state at the end of the line under the conversation's heading."""
    line = re.search(r'<p class="meta">.*?</p>', page, re.S)[0]
    return re.sub(r"<[^>]+>", "", line).rsplit("·", 1)[1].strip()


def _act(app, who: str, action, *args, **kw):
    with app.app_context():
        from wijkhulp.accounts.models import User

        action(db.session.get(User, who), *args, **kw)


def _my_responses_url(client) -> str:
    from flask import url_for

    with client.application.test_request_context():
        return url_for("marketplace.my_responses")


def _owner_list_state(client, world) -> str:
    page = _page(client, f"/help/{world['request']}")
    card = page.split('id="reactions"', 1)[1]
    line = re.search(r'<p class="card__meta">(.*?)</p>', card, re.S)[1]
    return line.split("·")[0].strip()


@pytest.fixture
def clients(app, world):
    anna, bram = app.test_client(), app.test_client()
    factories.login(anna, "anna@example.org")
    factories.login(bram, "bram@example.org")
    return anna, bram


def test_every_state_of_a_reaction_reads_the_same_everywhere(app, world, clients):
    anna, bram = clients
    thread = f"/responses/{world['response']}"

    def everywhere() -> set[str]:
        return {_header_state(_page(anna, thread)), _header_state(_page(bram, thread)), _owner_list_state(anna, world)}

    assert everywhere() == {"Waiting for an answer"}
    assert "Waiting for an answer" in _page(bram, _my_responses_url(bram))
    _act(app, world["anna"], services.accept_response, world["response"])
    assert everywhere() == {"Accepted"}
    assert "You found a helper." in _page(anna, f"/help/{world['request']}")
    _act(app, world["anna"], services.complete_match, world["response"])
    assert everywhere() == {"Done"}  # no longer "Accepted" once the help is done
    mine = _page(bram, _my_responses_url(bram))
    assert "Done" in mine and "Accepted" not in mine
    owner = _page(anna, f"/help/{world['request']}")
    assert "This request is done." in owner and "Accepted" not in owner


def test_a_stopped_match_reads_stopped(app, world, clients):
    anna, bram = clients
    _act(app, world["anna"], services.accept_response, world["response"])
    _act(app, world["bram"], services.cancel_match, world["response"])
    assert _header_state(_page(anna, f"/responses/{world['response']}")) == "Stopped"
    assert _owner_list_state(anna, world) == "Stopped"
    assert "Accepted" not in _page(bram, _my_responses_url(bram))


def test_declined_and_withdrawn_reactions(app, world, clients):
    anna, bram = clients
    _act(app, world["bram"], services.withdraw_response, world["response"])
    assert _header_state(_page(anna, f"/responses/{world['response']}")) == "Withdrawn"
    with app.app_context():
        from wijkhulp.accounts.models import User

        cor = factories.user(email="cor@example.org", display_name="Cor")
        second = services.respond(cor, world["request"], "Ik help ook graag.").id
        services.decline_response(db.session.get(User, world["anna"]), second)
    assert _header_state(_page(anna, f"/responses/{second}")) == "Not accepted"


def test_a_closed_offer_says_closed_not_done(app, world, clients):
    anna, _bram = clients
    with app.app_context():
        from wijkhulp.accounts.models import User

        offer = helpers.listing(db.session.get(User, world["anna"]), kind="offer", category_id=world["cat"],
                                title="Ik doe boodschappen")
        services.withdraw_listing(db.session.get(User, world["anna"]), offer.id)
        offer_id = offer.id
    page = _page(anna, f"/help/{offer_id}")
    assert '<span class="badge badge--neutral">Closed</span>' in page and "Withdrawn" not in page
    assert "You closed this offer. Nobody can react to it any more." in page
    with app.app_context():  # an offer that helped someone is closed too, with thanks
        from wijkhulp.accounts.models import User

        anna_user = db.session.get(User, world["anna"])
        offer = helpers.listing(anna_user, kind="offer", category_id=world["cat"], title="Ik rijd naar de markt")
        reaction = services.respond(db.session.get(User, world["bram"]), offer.id, "Graag, op zaterdag?")
        services.accept_response(anna_user, reaction.id)
        services.withdraw_listing(anna_user, offer.id)
        offer_id = offer.id
    page = _page(anna, f"/help/{offer_id}")
    assert '<span class="badge badge--neutral">Closed</span>' in page and "Done" not in page.split("<main", 1)[1][:3000]
    assert "This offer is closed. Thank you for helping!" in page


def _thanks(app, world, public: bool) -> None:
    _act(app, world["anna"], services.accept_response, world["response"])
    _act(app, world["anna"], services.complete_match, world["response"], thanks="Dank je wel, Bram!",
         thanks_public=public)


def _thank_you_part(page: str) -> tuple[str, str]:
    part = page.split('id="thank-you"', 1)[1].split("</section>", 1)[0]
    sentence = re.sub(r"\s+", " ", re.search(r'<p id="thank-you-state">(.*?)</p>', part, re.S)[1]).strip()
    buttons = " ".join(re.findall(r"<button[^>]*>(.*?)</button>", part, re.S))
    return sentence, re.sub(r"\s+", " ", buttons).strip()


def test_the_thank_you_sentence_agrees_with_its_button(app, world, clients):
    anna, bram = clients
    thread = f"/responses/{world['response']}"
    _thanks(app, world, public=True)
    sentence, button = _thank_you_part(_page(anna, thread))
    assert sentence == "You agreed to show this note on the profile of Bram. It is shown as soon as Bram agrees too."
    assert button == "Do not show it on the profile"
    sentence, button = _thank_you_part(_page(bram, thread))
    assert sentence == "Anna would like to show this note on your profile. Do you agree?"
    assert button == "Show it on my profile"
    _act(app, world["bram"], services.set_thanks_public, world["response"], public=True)
    assert _thank_you_part(_page(bram, thread)) == ("This note is shown on your profile. You can take it off.",
                                                    "Do not show it on the profile")
    assert _thank_you_part(_page(anna, thread)) == ("This note is shown on the profile of Bram. You can take it off.",
                                                    "Do not show it on the profile")
    _act(app, world["anna"], services.set_thanks_public, world["response"], public=False)
    assert _thank_you_part(_page(bram, thread)) == ("Anna no longer wants this note on your profile. It is only for "
                                                    "you.", "")
    sentence, button = _thank_you_part(_page(anna, thread))
    assert sentence.startswith("Bram would like to show this note on their profile.")
    assert button == "Allow showing it on the profile"


def test_a_private_thank_you_says_so_above_the_allow_button(app, world, clients):
    anna, bram = clients
    thread = f"/responses/{world['response']}"
    _thanks(app, world, public=False)
    sentence, button = _thank_you_part(_page(anna, thread))
    assert sentence.startswith("This note is not shown on the profile of Bram.")
    assert button == "Allow showing it on the profile"
    assert _thank_you_part(_page(bram, thread)) == ("This note is only for you.", "")
    with app.app_context():
        assert db.session.get(Response, world["response"]).state == "done"
