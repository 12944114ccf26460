"""More may be offered than a need asks, but the accepted total of a need never exceeds its quantity: not one by
one, and not when two people accept at the same moment (two threads, two sessions; on PostgreSQL too)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.ideas import helpers
from wijkhulp.accounts.models import User
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.ideas import services
from wijkhulp.ideas.models import NeedOverAccepted, NeedType, Pledge, PledgeStatus, Unit


def _accepted(need_id: int) -> int:
    return int(db.session.scalar(select(func.coalesce(func.sum(Pledge.amount), 0)).where(
        Pledge.need_id == need_id, Pledge.status == PledgeStatus.ACCEPTED)) or 0)


def _world() -> dict[str, int]:
    """A need of 100 euro with two pledges of 60 (120 offered), in a closed round."""
    anna, bram, cor = factories.user(email="anna@example.org"), factories.user(), factories.user()
    manager = factories.manager()
    auction = helpers.auction_round(creator=manager)
    idea = helpers.idea(auction, author=anna, needs=[(NeedType.MONEY, "Zaden", 100, Unit.EURO)])
    need = idea.needs[0]
    first, _ = services.make_pledge(bram, idea.id, need.id, amount=60)
    second, _ = services.make_pledge(cor, idea.id, need.id, amount=60)
    auction.closes_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    services.close_due_rounds()
    return {"anna": anna.id, "manager": manager.id, "idea": idea.id, "need": need.id, "first": first.id,
            "second": second.id}


def test_more_may_be_offered_but_not_accepted(app, client) -> None:
    with app.app_context():
        w = _world()
        anna = db.session.get(User, w["anna"])
        services.decide_pledge(anna, w["first"], accept=True)
        with pytest.raises(NeedOverAccepted) as caught:
            services.decide_pledge(anna, w["second"], accept=True)
        assert caught.value.status_code == 409
        assert _accepted(w["need"]) == 60
        assert db.session.get(Pledge, w["second"]).status == PledgeStatus.OFFERED  # nothing stored
        services.decide_pledge(anna, w["first"], accept=True)  # accepting again changes nothing
        services.decide_pledge(anna, w["first"], accept=False)  # decline one, then the other fits
        services.decide_pledge(anna, w["second"], accept=True)
        assert _accepted(w["need"]) == 60


def test_the_page_refuses_accepting_past_the_quantity(app, client) -> None:
    with app.app_context():
        w = _world()
        services.decide_pledge(db.session.get(User, w["anna"]), w["first"], accept=True)
    factories.login(client, "anna@example.org")
    assert "More offered than needed" in client.get(f"/ideas/{w['idea']}").get_data(as_text=True)
    sent = client.post(f"/ideas/pledges/{w['second']}/decision", data={"decision": "accept"}, follow_redirects=True)
    assert "more than this need asks" in sent.get_data(as_text=True)
    with app.app_context():
        assert _accepted(w["need"]) == 60


def test_two_owners_accepting_at_once_never_exceed_the_need(app) -> None:
    """The idea's owner and a manager each accept a different pledge of 60 on a need of 100 at the same moment:
    exactly one gets through."""
    with app.app_context():
        w = _world()
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def accept(user_id: int, pledge_id: int) -> None:
        with app.app_context():
            try:
                person = db.session.get(User, user_id)
                pledge = db.session.get(Pledge, pledge_id)
                assert pledge.need.accepted_amount == 0  # both have read "nothing accepted yet"
                barrier.wait(timeout=10)
                services.decide_pledge(person, pledge_id, accept=True)
                outcomes.append("accepted")
            except NeedOverAccepted:
                outcomes.append("refused")
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=accept, args=(w["anna"], w["first"])),
               threading.Thread(target=accept, args=(w["manager"], w["second"]))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    assert sorted(outcomes) == ["accepted", "refused"]
    with app.app_context():
        assert _accepted(w["need"]) == 60
