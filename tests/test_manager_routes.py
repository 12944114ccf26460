"""Every staff route, walked as the manager of the neighbourhood it concerns, as the manager of another
neighbourhood and as a resident: managers act only inside their neighbourhoods (trust rule).

The routes come from `app.url_map` (every view behind `manager_required` / `admin_required`), plus the pages where a
manager acts on a round's ideas and pledges without such a decorator. The small world has two neighbourhoods, Alfa
(3601) and Beta (3621), a manager for each, and a round, idea, pledge, report, listing and call in each; every URL
points at Alfa's objects. A POST refused to the outsider must leave every table exactly as it was."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from tests import factories
from tests.ideas import helpers as ideas
from tests.marketplace import helpers as market
from tests.proposals import helpers as plans
from wijkhulp import create_app
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.ideas import services as auction
from wijkhulp.ideas.models import RoundStatus
from wijkhulp.moderation import services as moderation
from wijkhulp.neighbourhoods import services as neighbourhood_services

# Marks of Alfa's content: the Beta manager's pages must never show one.
ALFA = ("Alfaronde", "Alfaconcept", "Alfaklus", "Alfaregeling", "Alfaplan", "Alfa Bewoner")


def _side(prefix: str, pc4: str, postcode: str, admin: Any) -> dict[str, Any]:
    hood = neighbourhood_services.create_neighbourhood(name=f"{prefix}wijk", areas=pc4)
    manager = plans.assign(factories.manager(email=f"beheer-{prefix.lower()}@example.org", postcode=postcode,
                                             display_name=f"{prefix} Beheer"), hood)
    resident = factories.user(email=f"{prefix.lower()}@example.org", postcode=postcode,
                              display_name=f"{prefix} Bewoner")
    helper = factories.user(email=f"hulp-{prefix.lower()}@example.org", postcode=postcode)
    category = market.category(f"{prefix}categorie")
    listing = market.raw_listing(resident, category_id=category.id, pc4=pc4, title=f"{prefix}klus")
    moderation.report_content(helper, content_key="listing", object_id=listing.id, reason="spam", text="Reclame")
    open_round = ideas.auction_round(creator=manager, neighbourhoods=[hood], name=f"{prefix}ronde")
    draft = ideas.auction_round(creator=manager, neighbourhoods=[hood], name=f"{prefix}concept",
                                status=RoundStatus.DRAFT)
    idea = ideas.idea(open_round, author=resident, title=f"{prefix}idee")
    pledge, _ = auction.make_pledge(helper, idea.id, idea.needs[0].id, amount=5)
    call = plans.call(title=f"{prefix}regeling", neighbourhood_ids=[hood.id])
    proposal = plans.submitted(call, title=f"{prefix}plan")
    return {"hood": hood.id, "manager": manager.email, "manager_id": manager.id, "resident": resident.id,
            "resident_email": resident.email, "helper": helper.id, "category": category.id, "listing": listing.id,
            "round": open_round.id, "draft": draft.id, "idea": idea.id, "need": idea.needs[0].id,
            "pledge": pledge.id, "call": call.id, "proposal": proposal.id}


def _world() -> dict[str, Any]:
    admin = factories.admin(email="admin@example.org", postcode="1393 AA")
    alfa = _side("Alfa", "3601", "3601 AB", admin)
    beta = _side("Beta", "3621", "3621 AA", admin)
    coordinator = factories.user(email="bakker@example.org", postcode="3601 AB")
    organisation = ideas.organisation(coordinator=coordinator, verified=False, name="Bakkerij Alfa")
    factories.user(email="buur@example.org", postcode="3601 AB")  # a resident with no part in any of it
    return {"alfa": alfa, "beta": beta, "organisation": organisation.id, "admin": admin.email}


# Per URL parameter: which of Alfa's objects it names (some endpoints want another one).
PARAMS = {"round_id": "round", "listing_id": "listing", "user_id": "resident", "object_id": "listing",
          "call_id": "call", "neighbourhood_id": "hood", "category_id": "category", "idea_id": "idea",
          "need_id": "need", "pledge_id": "pledge", "proposal_id": "proposal"}
OVERRIDES = {"ideas.publish_round": {"round_id": "draft"}, "ideas.delete_round": {"round_id": "draft"},
             "marketplace.invite_helper": {"user_id": "helper"},
             "moderation.unassign_manager": {"user_id": "manager_id"}}


def _url(app: Flask, rule: Any, world: dict[str, Any]) -> str:
    alfa = world["alfa"]
    values: dict[str, Any] = {}
    for name in rule.arguments:
        if name == "content_key":
            values[name] = "listing"
        elif name == "action":
            values[name] = "hide"
        elif name == "key":
            values[name] = "report_threshold"
        elif name == "organisation_id":
            values[name] = world["organisation"]
        else:
            values[name] = alfa[OVERRIDES.get(rule.endpoint, {}).get(name, PARAMS[name])]
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **values)


def _form(endpoint: str, world: dict[str, Any]) -> dict[str, Any]:
    """A filled-in form where it matters: what the outsider tries must be something that would have worked."""
    alfa, soon = world["alfa"], utcnow() + timedelta(days=3)
    round_form = {"name": "Nieuwe ronde", "description": "", "neighbourhoods": [str(alfa["hood"])],
                  "opens_at": soon.strftime("%Y-%m-%dT%H:%M"),
                  "closes_at": (soon + timedelta(days=9)).strftime("%Y-%m-%dT%H:%M")}
    return {"ideas.create_round": round_form, "ideas.edit_round": round_form,
            "moderation.decide": {"reason": "Dit hoort hier niet."}, "moderation.block": {"reason": "Spam"},
            "moderation.unblock": {"reason": "Opnieuw welkom"}, "organisations.decline": {"reason": "Onbekend"},
            "ideas.edit_pledge": {"amount": "7", "description": "Meer"},
            "ideas.review_idea": {"decision": "approve"}, "ideas.decide_pledge": {"decision": "accept"},
            "ideas.record_pledge": {"need_id": str(alfa["need"]), "partner_kind": "guest", "guest_name": "Gast",
                                    "idea_id": str(alfa["idea"]), "amount": "3"},
            "settings.save_settings": {"report_threshold": "2"},
            "accounts.admin_change_role": {"role": "manager"}}.get(endpoint, {})


def _staff_rules(app: Flask) -> list[Any]:
    return [rule for rule in app.url_map.iter_rules()
            if getattr(app.view_functions[rule.endpoint], "required_role", None) is not None]


# Pages where a manager acts without a role decorator: the service asks can_manage_round.
UNDECORATED = ("ideas.edit_idea", "ideas.review_idea", "ideas.edit_pledge", "ideas.withdraw_pledge",
               "proposals.review")
# Open to every manager: organisations have no area. Lists and the dashboard: allowed, but only their own areas.
ANY_MANAGER = {"organisations.admin_index", "organisations.verify", "organisations.decline"}
LISTS = {"moderation.index", "moderation.queue", "moderation.audit_log", "moderation.audit_csv", "dashboard.index",
         "dashboard.export_csv", "moderation.users", "marketplace.unanswered", "ideas.admin_rounds",
         "ideas.create_round", "proposals.admin_calls", "proposals.create_call"}


def _cases() -> list[tuple[str, str]]:
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    rules = _staff_rules(app) + [r for r in app.url_map.iter_rules() if r.endpoint in UNDECORATED]
    cases = {(rule.endpoint, method) for rule in rules for method in rule.methods - {"HEAD", "OPTIONS"}}
    return sorted(cases)


CASES = _cases()


def test_the_walk_covers_every_staff_route() -> None:
    endpoints = {endpoint for endpoint, _method in CASES}
    assert len(endpoints) >= 50
    assert {"ideas.edit_round", "ideas.close_round", "ideas.record_pledge", "moderation.kindness_words",
            "dashboard.export_csv", "moderation.audit_csv", "proposals.edit_call"} <= endpoints


def _snapshot() -> dict[str, list[tuple[Any, ...]]]:
    db.session.expire_all()
    skip = {"postcode_area", "alembic_version"}
    return {table.name: sorted((tuple(map(repr, row)) for row in db.session.execute(select(table))), key=str)
            for table in db.metadata.sorted_tables if table.name not in skip}


@pytest.fixture
def app(make_app: Any) -> Flask:
    return make_app(BABEL_DEFAULT_LOCALE="en", MAIL_DELIVER_AFTER_REQUEST=False)


@pytest.fixture
def world(app: Flask) -> dict[str, Any]:
    with app.app_context():
        return _world()


def _request(client: Any, method: str, url: str, data: dict[str, Any]) -> Any:
    return client.get(url) if method == "GET" else client.post(url, data=data)


@pytest.mark.parametrize(("endpoint", "method"), CASES)
def test_a_staff_route_as_insider_outsider_and_resident(app: Flask, world: dict[str, Any], endpoint: str,
                                                        method: str) -> None:
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint and method in r.methods)
    url, data = _url(app, rule, world), _form(endpoint, world)
    admin_only = getattr(app.view_functions[endpoint], "required_role", None).__name__ == "can_administer" \
        if endpoint not in UNDECORATED else False
    insider = world["admin"] if admin_only else world["alfa"]["manager"]
    outsider = world["alfa"]["manager"] if admin_only else world["beta"]["manager"]

    visitor = app.test_client()
    response = _request(visitor, method, url, data)
    assert response.status_code in (302, 401, 403) and "/login" in response.headers.get("Location", "/login"), url

    resident = app.test_client()
    factories.login(resident, "buur@example.org")
    with app.app_context():
        before = _snapshot()
    response = _request(resident, method, url, data)
    assert response.status_code in (403, 404), (url, response.status_code)
    with app.app_context():
        assert _snapshot() == before, url

    stranger = app.test_client()
    factories.login(stranger, outsider)
    with app.app_context():
        before = _snapshot()
    response = _request(stranger, method, url, data)
    body = response.get_data(as_text=True)
    if endpoint in ANY_MANAGER and not admin_only:
        assert response.status_code in (200, 302), (url, response.status_code)
    elif endpoint in LISTS and not admin_only:
        assert response.status_code in (200, 302, 422), (url, response.status_code)
        assert not [mark for mark in ALFA if mark in body], (url, [mark for mark in ALFA if mark in body])
        if method == "POST":
            with app.app_context():
                assert _snapshot() == before, url
    else:
        assert response.status_code in (403, 404), (url, response.status_code)
        assert not [mark for mark in ALFA if mark in body], url
        with app.app_context():
            assert _snapshot() == before, url

    own = app.test_client()
    factories.login(own, insider)
    response = _request(own, method, url, data)
    if method == "GET":
        assert response.status_code in (200, 302), (url, response.status_code)
    else:  # through the gate: done (302), or the form shown again with what is missing (422)
        assert response.status_code in (200, 302, 422), (url, response.status_code)


def test_another_managers_neighbourhood_is_neither_offered_nor_accepted(app: Flask, world: dict[str, Any]) -> None:
    client = app.test_client()
    factories.login(client, world["beta"]["manager"])
    alfa = world["alfa"]["hood"]
    for url in (f"/manage/dashboard?neighbourhood={alfa}", f"/manage/dashboard.csv?neighbourhood={alfa}"):
        assert client.get(url).status_code == 403, url
    form = client.get("/ideas/rounds/new").get_data(as_text=True)
    assert "Betawijk" in form and "Alfawijk" not in form
    edit = client.get(f"/ideas/rounds/{world['beta']['round']}/edit").get_data(as_text=True)
    assert "Alfawijk" not in edit
    with app.app_context():
        before = _snapshot()
    mixed = dict(_form("ideas.create_round", world), neighbourhoods=[str(alfa), str(world["beta"]["hood"])])
    assert client.post("/ideas/rounds/new", data=mixed).status_code == 422
    grab = dict(mixed, name="Betaronde")
    assert client.post(f"/ideas/rounds/{world['beta']['round']}/edit", data=grab).status_code == 422
    with app.app_context():
        assert _snapshot() == before
