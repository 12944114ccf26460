"""Demo data: an open call in Stichtse Vecht with a plan in every state, its panel and some extra residents.

The call is for Maarssen and Breukelen, the neighbourhoods the demo community manager (manager@example.org) looks
after (the moderation demo assigns them), so that manager can manage the call and decide about its plans.
Added once: when the demo call exists, nothing is added again. Residents log in with password wijkhulp-demo.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from wijkhulp.accounts.models import Role, User
from wijkhulp.database import LOCAL_TZ, utcnow
from wijkhulp.extensions import db
from wijkhulp.neighbourhoods.models import Neighbourhood
from wijkhulp.proposals.models import (Assessment, BudgetLine, Call, CallCriterion, EventKind, InvitationStatus,
                                       PanelMember, Proposal, ProposalEvent, ProposalStatus, Support, TeamInvitation,
                                       TeamMembership, Verdict, add_months, token_digest)

DEMO_CALL_TITLE = "Zelf bedacht, zelf gedaan: Stichtse Vecht"
DEMO_CALL_NEIGHBOURHOODS = ("Maarssen", "Breukelen")  # the demo manager's neighbourhoods (moderation/demo.py)
DEMO_PASSWORD = "wijkhulp-demo"

RESIDENTS = (
    # e-mail, name, postcode
    ("sem@example.org", "Sem", "3603 AB"),
    ("fatima@example.org", "Fatima", "3601 CK"),
    ("jan@example.org", "Jan", "3621 AA"),
    ("lotte@example.org", "Lotte", "3604 BA"),
    ("ahmed@example.org", "Ahmed", "3606 AC"),
    ("els@example.org", "Els", "3611 BB"),
    ("noor@example.org", "Noor", "3632 AA"),
    ("piet@example.org", "Piet", "3621 CD"),
    ("karin@example.org", "Karin", "3602 AA"),
    ("willem@example.org", "Willem", "3605 AB"),
)

CHECKLIST = (
    "Het plan draagt bij aan prettig samenleven in de buurt.",
    "Meer dan één huishouden heeft er plezier van.",
    "Er wordt geen geld gevraagd voor eten of drinken.",
    "Het onderhoud is geregeld.",
    "Het team doet zelf iets, in tijd of geld.",
)


@dataclass
class DemoPlan:
    status: ProposalStatus
    title: str
    lead: str
    members: tuple[str, ...]
    summary: str
    contribution: str
    execution: str
    lines: tuple[tuple[str, int], ...]
    maintenance: str = ""
    own: str = "We doen het werk zelf, op zaterdagen."
    granted: int | None = None
    spent: int | None = None
    report: str = ""
    message: str = ""
    supporters: tuple[str, ...] = ()
    pending: tuple[str, ...] = ()
    verdicts: tuple[str, ...] = field(default_factory=tuple)


PLANS = (
    DemoPlan(ProposalStatus.DRAFT, "Buurtmoestuin achter de flat", "anna@example.org", ("sem@example.org",),
             "Een moestuin voor en door de bewoners van de flat.",
             "Buren die elkaar nu alleen in de lift zien, werken samen in de tuin en delen de oogst.",
             "We maken vier bakken, zaaien in april en maken een rooster voor het water geven.",
             (("Vier houten moestuinbakken", 48000), ("Aarde en zaden", 15000)),
             maintenance="Elke week zorgt een ander huishouden voor de tuin.", pending=("fatima@example.org",)),
    DemoPlan(ProposalStatus.SUBMITTED, "Jeu-de-boulesbaan bij het Harmonieplein", "bram@example.org",
             ("jan@example.org", "piet@example.org"),
             "Een jeu-de-boulesbaan waar jong en oud samen kunnen spelen.",
             "Ouderen en jongeren uit de straat spelen samen. Zo leren buren elkaar kennen.",
             "Een hovenier legt de baan aan; wij helpen met het grondwerk.",
             (("Aanleg van de baan", 180000), ("Twee sets boules", 6000)),
             maintenance="Jan harkt de baan elke week.", supporters=("anna@example.org", "karin@example.org")),
    DemoPlan(ProposalStatus.IN_REVIEW, "Buurtbibliotheekje op de hoek", "lotte@example.org",
             ("karin@example.org", "willem@example.org"),
             "Een kastje met boeken: breng er een, neem er een.",
             "Buren praten over boeken en wisselen tips uit bij het kastje.",
             "Willem timmert het kastje, Lotte en Karin zorgen voor de eerste boeken.",
             (("Hout, glas en verf", 22000), ("Bordje met uitleg", 3000)),
             maintenance="Karin kijkt elke week of het kastje netjes is.", supporters=("sem@example.org",),
             verdicts=("yes", "yes", "yes", "partly", "yes")),
    DemoPlan(ProposalStatus.CHANGES_REQUESTED, "Zomerfeest in de Zuilense straat", "ahmed@example.org",
             ("noor@example.org", "sem@example.org"),
             "Een straatfeest met spelletjes voor alle leeftijden.",
             "De hele straat doet mee: buren die elkaar nog niet kennen, ontmoeten elkaar.",
             "We sluiten de straat af, zetten tafels buiten en organiseren spelletjes.",
             (("Huur van springkussen", 35000), ("Drankjes", 20000), ("Vergunning", 4000)),
             message="Er staat een post voor drankjes in de begroting. Eten en drinken betalen we niet uit deze "
                     "regeling. Willen jullie die post eruit halen en het plan opnieuw sturen?"),
    DemoPlan(ProposalStatus.APPROVED, "Bloembakken langs de Kerkweg", "fatima@example.org",
             ("anna@example.org", "willem@example.org"),
             "Bloembakken die de straat groener en gezelliger maken.",
             "Buren geven samen de planten water en maken zo vaker een praatje.",
             "We plaatsen tien bakken in overleg met de gemeente.",
             (("Tien bloembakken", 90000), ("Planten", 30000)), granted=120000,
             maintenance="Elke bak heeft een vaste buur die water geeft.", message="Een mooi en eenvoudig plan.",
             supporters=("sem@example.org", "lotte@example.org", "bram@example.org")),
    DemoPlan(ProposalStatus.REJECTED, "Vuurwerkshow op oudejaarsavond", "piet@example.org",
             ("jan@example.org", "bram@example.org"),
             "Een vuurwerkshow voor de hele wijk.",
             "Iedereen kijkt samen naar het vuurwerk.",
             "Een bedrijf steekt het vuurwerk af.",
             (("Vuurwerkshow", 250000),),
             message="Vuurwerk is voor veel buren en dieren juist niet prettig, en het is in één avond voorbij. "
                     "Daarom past het plan niet bij deze regeling."),
    DemoPlan(ProposalStatus.IN_PROGRESS, "Speeltuin opknappen aan het Bisonspoor", "karin@example.org",
             ("lotte@example.org", "ahmed@example.org"),
             "De oude speeltuin krijgt nieuwe verf en een zandbak.",
             "Ouders en kinderen uit de buurt ontmoeten elkaar weer in de speeltuin.",
             "Twee klusdagen met buren; een vakman controleert de toestellen.",
             (("Verf en kwasten", 40000), ("Zand en randen voor de zandbak", 80000), ("Keuring", 120000)),
             granted=240000, maintenance="De buurtvereniging controleert de speeltuin elke maand.",
             message="Goed dat de keuring erbij zit.", supporters=("anna@example.org",)),
    DemoPlan(ProposalStatus.COMPLETED, "Repair Café in het buurthuis", "jan@example.org",
             ("noor@example.org", "piet@example.org"),
             "Eens per maand samen spullen repareren in het buurthuis.",
             "Buren helpen elkaar met repareren en drinken samen een kop koffie.",
             "Jan en Piet repareren, Noor zorgt voor de inloop.",
             (("Gereedschap", 60000), ("Flyers", 8000), ("Onderdelen", 12000)), granted=80000, spent=76000,
             report="We hebben vier keer een Repair Café gehouden. Er kwamen elke keer zo'n twintig buren. "
                    "Meer dan zestig spullen zijn weer heel. Het buurthuis wil ermee doorgaan.",
             message="Een plan waar de hele buurt iets aan heeft.", supporters=("bram@example.org",)),
    DemoPlan(ProposalStatus.WITHDRAWN, "Hondenlosloopveld aan de Vecht", "noor@example.org",
             ("sem@example.org", "fatima@example.org"),
             "Een omheind veld waar honden los mogen lopen.",
             "Hondenbezitters ontmoeten elkaar; andere buren hebben minder last van loslopende honden.",
             "Een hek rond het veldje naast de Vecht.",
             (("Hek", 150000),),
             message="De gemeente legt hier zelf een losloopveld aan. Daarom trekken we ons plan in."),
)


def _residents() -> dict[str, User]:
    from wijkhulp.accounts.services import hash_method

    people = {u.email: u for u in db.session.scalars(select(User).where(User.email.like("%@example.org")))}
    for email, name, postcode in RESIDENTS:
        if email not in people:
            person = User(email=email, display_name=name, postcode=postcode, pc4=postcode[:4], role=Role.RESIDENT,
                          email_verified_at=utcnow(), terms_accepted_at=utcnow(), locale="nl")
            person.set_password(DEMO_PASSWORD, method=hash_method())
            db.session.add(person)
            people[email] = person
    db.session.flush()
    return people


def _event(proposal: Proposal, kind: EventKind, actor: User | None, at: Any, message: str = "",
           amount: int | None = None) -> None:
    db.session.add(ProposalEvent(proposal=proposal, actor=actor, kind=kind, message=message, amount_cents=amount,
                                 created_at=at))


def _plan(call: Call, spec: DemoPlan, people: dict[str, User], manager: User | None, panel: User) -> int:
    now = utcnow()
    start = now - timedelta(days=40)
    lead = people[spec.lead]
    status = spec.status
    proposal = Proposal(call=call, lead=lead, title=spec.title, summary=spec.summary, contribution=spec.contribution,
                        plan_execution=spec.execution, plan_promotion="Met een brief in elke brievenbus.",
                        plan_maintenance=spec.maintenance, own_contribution=spec.own, status=status,
                        planned_end_on=(now + timedelta(days=90)).date(), created_at=start, updated_at=now,
                        requested_cents=sum(amount for _, amount in spec.lines))
    proposal.budget_lines = [BudgetLine(position=i, item=item, amount_cents=amount)
                             for i, (item, amount) in enumerate(spec.lines)]
    db.session.add(proposal)
    _event(proposal, EventKind.CREATED, lead, start)
    team = [lead] + [people[email] for email in spec.members]
    for day, person in enumerate(team):
        db.session.add(TeamMembership(proposal=proposal, user=person, joined_at=start + timedelta(days=day)))
        if day:
            _event(proposal, EventKind.MEMBER_JOINED, person, start + timedelta(days=day))
    for email in spec.pending:
        db.session.add(TeamInvitation(proposal=proposal, email=email, invitee_id=people[email].id,
                                      invited_by_id=lead.id, token_digest=token_digest(secrets.token_urlsafe(24)),
                                      status=InvitationStatus.PENDING, created_at=now - timedelta(days=1),
                                      expires_at=now + timedelta(days=13)))
    if status == ProposalStatus.DRAFT:
        return 0
    sent = start + timedelta(days=7)
    proposal.submitted_at = sent
    _event(proposal, EventKind.SUBMITTED, lead, sent)
    for email in spec.supporters:
        db.session.add(Support(proposal=proposal, user_id=people[email].id, created_at=sent + timedelta(days=1)))
    reviewer = manager or panel
    decided = sent + timedelta(days=10)
    if spec.verdicts or status not in (ProposalStatus.SUBMITTED, ProposalStatus.WITHDRAWN):
        verdicts = spec.verdicts or ("yes",) * len(call.criteria)
        for criterion, verdict in zip(call.criteria, verdicts, strict=False):
            db.session.add(Assessment(proposal=proposal, criterion=criterion, reviewer=panel,
                                      verdict=Verdict(verdict), note="", updated_at=sent + timedelta(days=3)))
        _event(proposal, EventKind.ASSESSED, panel, sent + timedelta(days=3))
    if status == ProposalStatus.CHANGES_REQUESTED:
        _event(proposal, EventKind.CHANGES_REQUESTED, panel, decided, spec.message)
        proposal.decided_at = decided
    elif status == ProposalStatus.REJECTED:
        _event(proposal, EventKind.REJECTED, reviewer, decided, spec.message)
        proposal.decided_at = decided
    elif status == ProposalStatus.WITHDRAWN:
        _event(proposal, EventKind.WITHDRAWN, lead, decided, spec.message)
    elif spec.granted is not None:
        proposal.granted_cents, proposal.decided_at = spec.granted, decided
        proposal.report_due_on = add_months(proposal.planned_end_on or date.today(), 3)
        _event(proposal, EventKind.APPROVED, reviewer, decided, spec.message, spec.granted)
        if status in (ProposalStatus.IN_PROGRESS, ProposalStatus.COMPLETED):
            proposal.started_at = decided + timedelta(days=5)
            _event(proposal, EventKind.STARTED, lead, proposal.started_at)
        if status == ProposalStatus.COMPLETED:
            proposal.completed_at = decided + timedelta(days=20)
            proposal.report, proposal.spent_cents = spec.report, spec.spent
            _event(proposal, EventKind.COMPLETED, lead, proposal.completed_at, amount=spec.spent)
    return spec.granted or 0


def _at(moment: datetime, hour: int) -> datetime:
    """That day at a whole hour, Dutch time."""
    local = moment.astimezone(LOCAL_TZ)
    return local.replace(hour=hour, minute=0, second=0, microsecond=0).astimezone(UTC)


def seed_proposals() -> str:
    """Add the demo call with its plans, unless it is there already."""
    if db.session.scalar(select(Call.id).where(Call.title == DEMO_CALL_TITLE)) is not None:
        return "demo call present"
    every = list(db.session.scalars(select(Neighbourhood).order_by(Neighbourhood.name)))
    if not every:
        return "skipped: no neighbourhoods (load the postcode areas and seed the neighbourhoods first)"
    neighbourhoods = [n for n in every if n.name in DEMO_CALL_NEIGHBOURHOODS] or every
    people = _residents()
    manager = db.session.scalar(select(User).where(User.email == "manager@example.org"))
    panel = people["els@example.org"]
    now = utcnow()
    call = Call(title=DEMO_CALL_TITLE,
                description="Woon je in Maarssen of Breukelen en heb je een idee dat je buurt mooier of gezelliger "
                            "maakt? Bedenk het samen met minstens twee buren en voer het zelf uit. De gemeente betaalt "
                            "mee, tot 2.500 euro per plan.",
                pot_cents=1_500_000, max_per_proposal_cents=250_000, granted_cents=0,
                opens_at=_at(now - timedelta(days=45), 9), closes_at=_at(now + timedelta(days=75), 17), min_team_size=3,
                residence_required=False, created_by_id=manager.id if manager else None)
    call.neighbourhoods = neighbourhoods
    call.criteria = [CallCriterion(position=i, text=text) for i, text in enumerate(CHECKLIST)]
    call.panel = [PanelMember(user=panel, appointed_at=now - timedelta(days=45))]
    db.session.add(call)
    db.session.flush()
    granted = sum(_plan(call, spec, people, manager, panel) for spec in PLANS)
    call.granted_cents = granted
    db.session.commit()
    return f"added the call “{DEMO_CALL_TITLE}” with {len(PLANS)} plans, one in every state"
