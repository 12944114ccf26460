"""Demo data: an open round (Maarssen, Oud-Zuilen) and a closed one (Breukelen, Nieuwersluis) of the ideas
auction, with ideas, needs, partners and pledges. Created once; a round that exists (by name) is left alone."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from wijkhulp.accounts.models import User
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.ideas.models import (Approval, AuctionRound, Idea, Need, NeedType, Pledge, PledgeStatus, Realised,
                                   RoundStatus, Unit, guest_key, organisation_key, resident_key)
from wijkhulp.neighbourhoods.models import ManagerAssignment, Neighbourhood
from wijkhulp.organisations.models import Organisation, name_key

OPEN_ROUND = "Ideeënveiling Maarssen en Oud-Zuilen"
CLOSED_ROUND = "Ideeënveiling Breukelen en Nieuwersluis"  # no year: the demo dates follow today

# A partner is ("org", name), ("user", e-mail) or ("guest", name). A pledge: (need index, partner, amount,
# description, estimated value in euros or None, status).
OPEN_IDEAS: list[dict[str, Any]] = [
    {"author": "anna@example.org", "hood": "Maarssen", "title": "Moestuin bij basisschool De Ark",
     "description": "Achter de school ligt een grasveld dat niemand gebruikt. Samen met de kinderen en de buren "
                    "maken we er een moestuin van, met bakken op tafelhoogte zodat ook ouderen mee kunnen doen.",
     "own": "Ik maak het rooster, geef elke woensdagmiddag les aan de kinderen en zorg in de zomer voor water.",
     "offer": "Groente voor de helpers en een oogstfeest in september.",
     "needs": [(NeedType.TIME, "Helpers om de bakken te bouwen en te vullen", 40, Unit.HOURS),
               (NeedType.MONEY, "Zaden, aarde en gereedschap", 250, Unit.EURO),
               (NeedType.MATERIALS, "Plantenbakken op tafelhoogte", 8, Unit.PIECES)],
     "pledges": [(0, ("user", "bram@example.org"), 10, "Twee zaterdagochtenden", 250, PledgeStatus.OFFERED),
                 (1, ("org", "Bakkerij Van Vliet"), 100, "Wij betalen de zaden.", None, PledgeStatus.OFFERED),
                 (2, ("org", "Woonstichting Vecht en Omstreken"), 8, "Bakken van steigerhout uit onze werkplaats",
                  480, PledgeStatus.OFFERED)]},
    {"author": "bram@example.org", "hood": "Oud-Zuilen", "title": "Repair Café in het buurthuis",
     "description": "Eén zaterdag per maand repareren we samen kapotte spullen: fietsen, lampen, kleding en "
                    "computers. Minder afval en een gezellige ochtend.",
     "own": "Ik repareer zelf fietsen en computers en regel de vrijwilligers.",
     "offer": "Gratis reparaties voor de medewerkers van de partners.",
     "needs": [(NeedType.KNOWHOW, "Handige vrijwilligers (naaien, elektra)", 30, Unit.HOURS),
               (NeedType.SPACE, "Een zaal op zaterdagochtend", 12, Unit.HOURS),
               (NeedType.MONEY, "Gereedschap en onderdelen", 150, Unit.EURO)],
     "pledges": [(1, ("org", "Stichting Vechtzorg"), 12, "De grote zaal van ontmoetingscentrum De Schakel", 360,
                  PledgeStatus.OFFERED)]},
    {"author": "manager@example.org", "table": "Wijktafel Maarssen-Dorp", "hood": "Maarssen",
     "title": "Bankjes langs de Vecht opknappen",
     "description": "De bankjes langs het jaagpad zijn verweerd. De wijktafel wil ze schuren en verven, zodat "
                    "wandelaars weer een plek hebben om uit te rusten.",
     "own": "De buren van de wijktafel schuren en verven zelf, op twee zaterdagen.",
     "offer": "",
     "needs": [(NeedType.MATERIALS, "Blikken buitenverf", 10, Unit.PIECES),
               (NeedType.TIME, "Extra handen bij het schuren", 24, Unit.HOURS)],
     "pledges": [(0, ("guest", "Schildersbedrijf De Kwast"), 10, "Verf en kwasten", 250, PledgeStatus.OFFERED)]},
]

CLOSED_IDEAS: list[dict[str, Any]] = [
    {"author": "bram@example.org", "hood": "Breukelen", "title": "Buurtfeest op het Kerkplein",
     "description": "Een middag met muziek, spelletjes voor kinderen en een lange tafel waar iedereen iets "
                    "meeneemt. Zo leren nieuwe en oude bewoners elkaar kennen.",
     "own": "Ik regel de vergunning, de muziek en de opbouw met mijn straat.",
     "offer": "Het logo van de partners op de poster.",
     "needs": [(NeedType.MONEY, "Tent, geluid en vergunning", 500, Unit.EURO),
               (NeedType.TIME, "Vrijwilligers voor op- en afbouw", 20, Unit.HOURS)],
     "pledges": [(0, ("org", "Bakkerij Van Vliet"), 200, "", None, PledgeStatus.ACCEPTED),
                 (0, ("org", "Woonstichting Vecht en Omstreken"), 300, "", None, PledgeStatus.ACCEPTED),
                 (1, ("org", "Stichting Vechtzorg"), 20, "Vier vrijwilligers van het buurtteam", 500,
                  PledgeStatus.ACCEPTED)],
     "realised": (Realised.YES, "Ruim tweehonderd buren kwamen. Volgend jaar weer!")},
    {"author": "anna@example.org", "hood": "Breukelen", "title": "Taalcafé in de bibliotheek",
     "description": "Elke dinsdagavond oefenen nieuwe Nederlanders hun Nederlands met vrijwilligers, bij een kop "
                    "koffie.",
     "own": "Ik was docent Nederlands en leid de avonden.",
     "offer": "",
     "needs": [(NeedType.KNOWHOW, "Vrijwilligers die graag praten", 40, Unit.HOURS),
               (NeedType.SPACE, "Een ruimte op dinsdagavond", 40, Unit.HOURS)],
     "pledges": [(0, ("org", "Stichting Vechtzorg"), 20, "Twee taalmaatjes", 500, PledgeStatus.ACCEPTED),
                 (1, ("guest", "Café De Brug"), 10, "Het achterzaaltje", 200, PledgeStatus.DECLINED)]},
    {"author": "bram@example.org", "hood": "Nieuwersluis", "title": "Jeu-de-boulesbaan bij de sluis",
     "description": "Een baan waar jong en oud samen kunnen spelen.",
     "own": "Ik onderhoud de baan en organiseer een wekelijks toernooi.",
     "offer": "",
     "needs": [(NeedType.MONEY, "Grind en randen", 800, Unit.EURO)],
     "pledges": []},
]


def _user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def _partner(spec: tuple[str, str]) -> dict[str, Any] | None:
    kind, value = spec
    if kind == "org":
        organisation = db.session.scalar(select(Organisation).where(Organisation.name_key == name_key(value)))
        if organisation is None:
            return None
        member = organisation.coordinators[0].user if organisation.coordinators else None
        return {"organisation": organisation, "user": member, "partner_key": organisation_key(organisation.id)}
    if kind == "user":
        user = _user(value)
        return None if user is None else {"user": user, "partner_key": resident_key(user.id)}
    return {"guest_name": value, "partner_key": guest_key(value)}


def _add_round(name: str, description: str, hoods: list[Neighbourhood], opens_at: datetime, closes_at: datetime,
               ideas: list[dict[str, Any]], manager: User, *, closed: bool) -> AuctionRound:
    auction = AuctionRound(name=name, description=description, neighbourhoods=hoods, opens_at=opens_at,
                           closes_at=closes_at, status=RoundStatus.CLOSED if closed else RoundStatus.OPEN,
                           created_by=manager, published_at=opens_at, closed_at=closes_at if closed else None)
    db.session.add(auction)
    for hood in hoods:  # managers act only in their own neighbourhoods: the round's creator looks after its own
        if db.session.get(ManagerAssignment, (hood.id, manager.id)) is None:
            db.session.add(ManagerAssignment(neighbourhood_id=hood.id, user_id=manager.id))
    with db.session.no_autoflush:  # the look-ups below must not flush half-built ideas
        _add_ideas(auction, ideas, {h.name: h for h in hoods}, manager, closed=closed)
    return auction


def _add_ideas(auction: AuctionRound, ideas: list[dict[str, Any]], by_name: dict[str, Neighbourhood],
               manager: User, *, closed: bool) -> None:
    opens_at, closes_at = auction.opens_at, auction.closes_at
    for index, spec in enumerate(ideas):
        author = _user(spec["author"])
        if author is None:
            continue
        created = opens_at + timedelta(hours=6 + index * 20)
        idea = Idea(round=auction, author=author, entered_for=spec.get("table"), neighbourhood=by_name[spec["hood"]],
                    title=spec["title"], description=spec["description"], own_contribution=spec["own"],
                    offer_in_return=spec["offer"], approval=Approval.APPROVED, reviewed_at=created,
                    created_at=created)
        db.session.add(idea)
        idea.needs = [Need(position=i, type=t, description=d, quantity=q, unit=u)
                      for i, (t, d, q, u) in enumerate(spec["needs"])]
        for need_index, partner_spec, amount, text, value, status in spec["pledges"]:
            partner = _partner(partner_spec)
            if partner is None:
                continue
            need = idea.needs[need_index]
            cents = amount * 100 if need.unit == Unit.EURO else (value * 100 if value is not None else None)
            pledge = Pledge(need=need, amount=amount, description=text, estimated_value_cents=cents, status=status,
                            created_at=created + timedelta(days=2), **partner)
            db.session.add(pledge)
            if partner_spec[0] == "guest":
                pledge.recorded_by = manager
            if status in (PledgeStatus.ACCEPTED, PledgeStatus.DECLINED):
                pledge.decided_at = closes_at + timedelta(days=3)
                pledge.decided_by = author
        if closed:
            idea.outcome = idea.compute_outcome()
            if "realised" in spec:
                idea.realised, idea.realised_note = spec["realised"]
                idea.followup_requested_at = idea.realised_at = closes_at + timedelta(days=95)


def seed_ideas() -> str:
    manager = _user("manager@example.org")
    hoods = {h.name: h for h in db.session.scalars(select(Neighbourhood))}
    needed = {"Maarssen", "Oud-Zuilen", "Breukelen", "Nieuwersluis"}
    if manager is None or not needed <= hoods.keys():
        return "skipped: the demo accounts and neighbourhoods are needed first"
    existing = set(db.session.scalars(select(AuctionRound.name)))
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    added = []
    if OPEN_ROUND not in existing:
        _add_round(OPEN_ROUND, "Heb jij een idee voor Maarssen of Oud-Zuilen? Dien het in en vertel wat je zelf "
                   "doet. Op de veilingavond in het Huis van de Wijk bieden partners geld, tijd en spullen.",
                   [hoods["Maarssen"], hoods["Oud-Zuilen"]], now - timedelta(days=7), now + timedelta(days=21),
                   OPEN_IDEAS, manager, closed=False)
        added.append(OPEN_ROUND)
    if CLOSED_ROUND not in existing:
        _add_round(CLOSED_ROUND, "De ideeënveiling van Breukelen en Nieuwersluis, met de veilingavond in de "
                   "bibliotheek.", [hoods["Breukelen"], hoods["Nieuwersluis"]], now - timedelta(days=160),
                   now - timedelta(days=125), CLOSED_IDEAS, manager, closed=True)
        added.append(CLOSED_ROUND)
    db.session.commit()
    return "added " + " and ".join(added) if added else "demo rounds present"
