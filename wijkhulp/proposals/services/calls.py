"""Services for calls (regelingen): making and changing a call, its checklist and its panel (regiegroep).

Each public function is one transaction ending in a commit; refusals are the DomainErrors of models.py, and
nothing is stored when one is raised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from wijkhulp import audit
from wijkhulp.accounts.services import find_by_email
from wijkhulp.database import LOCAL_TZ, guarded_update, utcnow
from wijkhulp.errors import NotAllowed
from wijkhulp.extensions import db
from wijkhulp.i18n import money
from wijkhulp.neighbourhoods.models import Neighbourhood
from wijkhulp.proposals import permissions, queries
from wijkhulp.proposals.services import workflow
from wijkhulp.proposals.models import (ABSOLUTE_MIN_TEAM_SIZE, AWAITING_DECISION, CRITERION_MAX, MAX_CENTS,
                                       MAX_CRITERIA, MAX_TEAM_SIZE, TEXT_MAX, TITLE_MAX, Call, CallCriterion,
                                       InvalidCall, PanelMember, counts_as_member)
from wijkhulp.proposals.services.workflow import EVENT_REVIEW, lock, refresh_team_flag, tell

if TYPE_CHECKING:
    from wijkhulp.accounts.models import User


def _too_long(limit: int, field_name: str) -> InvalidCall:
    return InvalidCall(_l("Use at most %(n)s characters.", n=limit), field=field_name)


@dataclass
class CallData:
    """What a manager fills in for a call. Amounts in cents; times aware (the form attaches Europe/Amsterdam)."""

    title: str = ""
    description: str = ""
    neighbourhood_ids: list[int] = field(default_factory=list)
    pot_cents: int | None = None
    max_per_proposal_cents: int | None = None
    checklist: str = ""  # one item per line
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    min_team_size: int | None = None
    residence_required: bool = False


def _ensure_may_manage(actor: Any, call: Call | None = None) -> None:
    allowed = permissions.can_manage_call(actor, call) if call is not None else permissions.can_manage_calls(actor)
    if not allowed:
        raise NotAllowed()


def _ensure_own_neighbourhoods(actor: Any, neighbourhood_ids: list[int]) -> None:
    """A manager makes calls only for neighbourhoods assigned to them (admins: any). Raises NotAllowed."""
    if actor is None:
        return
    scope = permissions.manager_scope(actor)
    if scope is not None and not set(neighbourhood_ids) <= scope:
        raise NotAllowed(_l("You can only choose the neighbourhoods you look after as a community manager."))


def call_pc4(call: Call) -> str | None:
    """The first area of the call (its neighbourhoods by name): where the audit log files what happens to it."""
    for neighbourhood in call.neighbourhoods:
        if neighbourhood.pc4s:
            return neighbourhood.pc4s[0]
    return None


def _snapshot(call: Call) -> dict[str, Any]:
    """What the audit log keeps of a call: JSON-ready."""
    return {"title": call.title, "pot_cents": call.pot_cents, "max_per_proposal_cents": call.max_per_proposal_cents,
            "opens_at": call.opens_at.isoformat() if call.opens_at else None,
            "closes_at": call.closes_at.isoformat() if call.closes_at else None,
            "min_team_size": call.min_team_size, "residence_required": call.residence_required,
            "neighbourhoods": [n.name for n in call.neighbourhoods], "checklist": [c.text for c in call.criteria]}


def checklist_items(text: str) -> list[str]:
    """One item per line; empty lines, list bullets and repeated items are dropped."""
    items: list[str] = []
    for line in (text or "").splitlines():
        item = line.strip().lstrip("-*•").strip()
        if item and item not in items:
            items.append(item)
    return items


def _checked_call(data: CallData, *, existing: Call | None) -> tuple[list[Neighbourhood], list[str]]:
    title = (data.title or "").strip()
    if len(title) < 3:
        raise InvalidCall(_l("Give the call a title, for example “Neighbourhood budget Maarssen 2025”."),
                          field="title")
    if len(title) > TITLE_MAX:
        raise _too_long(TITLE_MAX, "title")
    if len((data.description or "").strip()) > TEXT_MAX:
        raise _too_long(TEXT_MAX, "description")
    ids = sorted(set(data.neighbourhood_ids or []))
    found = list(db.session.scalars(select(Neighbourhood).where(Neighbourhood.id.in_(ids)))) if ids else []
    if not ids or len(found) != len(ids):
        raise InvalidCall(_l("Choose at least one neighbourhood."), field="neighbourhood_ids")
    if data.pot_cents is None or data.pot_cents <= 0 or data.pot_cents > MAX_CENTS:
        raise InvalidCall(_l("Fill in the budget of the call in euros, for example 10000."), field="pot")
    if existing is not None and data.pot_cents < existing.granted_cents:
        raise InvalidCall(_l("%(granted)s has already been granted from this call. The budget cannot be lower "
                             "than that.", granted=money(existing.granted_cents)), field="pot")
    if data.max_per_proposal_cents is None or data.max_per_proposal_cents <= 0:
        raise InvalidCall(_l("Fill in the highest amount one plan can get, in euros."), field="max_per_proposal")
    if data.max_per_proposal_cents > data.pot_cents:
        raise InvalidCall(_l("The highest amount per plan cannot be more than the budget of the whole call."),
                          field="max_per_proposal")
    items = checklist_items(data.checklist)
    if not items:
        raise InvalidCall(_l("Write at least one point for the checklist, one per line."), field="checklist")
    if len(items) > MAX_CRITERIA:
        raise InvalidCall(_l("Use at most %(n)s points in the checklist.", n=MAX_CRITERIA), field="checklist")
    if any(len(item) > CRITERION_MAX for item in items):
        raise InvalidCall(_l("Keep each point of the checklist to at most %(n)s characters.", n=CRITERION_MAX),
                          field="checklist")
    if data.opens_at is None:
        raise InvalidCall(_l("Fill in when the call opens."), field="opens_at")
    if data.closes_at is None:
        raise InvalidCall(_l("Fill in when the call closes."), field="closes_at")
    if data.closes_at <= data.opens_at:
        raise InvalidCall(_l("The call must close after it opens."), field="closes_at")
    size = data.min_team_size
    if size is None or size < ABSOLUTE_MIN_TEAM_SIZE:
        raise InvalidCall(_l("A team has at least %(n)s people. Fill in %(n)s or more.", n=ABSOLUTE_MIN_TEAM_SIZE),
                          field="min_team_size")
    if size > MAX_TEAM_SIZE:
        raise InvalidCall(_l("Fill in at most %(n)s.", n=MAX_TEAM_SIZE), field="min_team_size")
    return found, items


def _apply_call(call: Call, data: CallData, found: list[Neighbourhood], items: list[str]) -> None:
    call.title = data.title.strip()
    call.description = (data.description or "").strip()
    call.neighbourhoods = sorted(found, key=lambda n: n.name)
    call.max_per_proposal_cents = int(data.max_per_proposal_cents or 0)
    call.opens_at, call.closes_at = data.opens_at, data.closes_at  # type: ignore[assignment]
    call.min_team_size = int(data.min_team_size or ABSOLUTE_MIN_TEAM_SIZE)
    call.residence_required = bool(data.residence_required)
    keep = {c.text: c for c in call.criteria}
    call.criteria = [keep.get(text) or CallCriterion(text=text) for text in items]  # kept items keep assessments
    for position, criterion in enumerate(call.criteria):
        criterion.position = position


def default_call_data(now: datetime | None = None) -> CallData:
    """What the "new call" form starts with."""
    start = workflow.local_today(now)
    opens = datetime(start.year, start.month, start.day, 9, 0, tzinfo=LOCAL_TZ)
    return CallData(min_team_size=workflow.setting(workflow.MIN_TEAM_SIZE), opens_at=opens,
                    closes_at=opens + timedelta(days=60), checklist="\n".join(str(item) for item in DEFAULT_CHECKLIST))


DEFAULT_CHECKLIST = (
    _l("The plan helps people in the neighbourhood to live together pleasantly."),
    _l("More than one household benefits."),
    _l("No money is asked for food or drink."),
    _l("Maintenance is arranged."),
    _l("The team contributes itself, in time or money."),
)


def create_call(actor: User | None, data: CallData) -> Call:
    """Open a new call for neighbourhood plans, in the actor's own neighbourhoods, and write it in the audit log.
    Commits. `actor` None is the command line or the demo.

    Raises NotAllowed (also for a neighbourhood the manager does not look after) or InvalidCall (with the field);
    nothing is stored then.
    """
    if actor is not None:
        _ensure_may_manage(actor)
    found, items = _checked_call(data, existing=None)
    _ensure_own_neighbourhoods(actor, [n.id for n in found])
    call = Call(pot_cents=int(data.pot_cents or 0), granted_cents=0,
                created_by_id=actor.id if actor is not None else None)
    _apply_call(call, data, found, items)
    db.session.add(call)
    db.session.flush()
    audit.record(actor, "proposal_call.create", "proposal_call", call.id, details=_snapshot(call),
                 pc4=call_pc4(call))
    db.session.commit()
    return call


def update_call(actor: User, call_id: int, data: CallData) -> Call:
    """Change a call and write the change in the audit log. The pot can never drop below what is already granted,
    also not in a race with an approval. Commits. Raises CallNotFound, NotAllowed (also for a neighbourhood the
    manager does not look after) or InvalidCall; nothing is stored then."""
    call = queries.get_call(call_id)
    _ensure_may_manage(actor, call)
    found, items = _checked_call(data, existing=call)
    _ensure_own_neighbourhoods(actor, [n.id for n in found])
    before = _snapshot(call)
    if not guarded_update(Call, call.id, where=(Call.granted_cents <= int(data.pot_cents or 0),),
                          values={"pot_cents": int(data.pot_cents or 0)}):
        db.session.rollback()
        call = db.session.execute(select(Call).where(Call.id == call_id)
                                  .execution_options(populate_existing=True)).scalar_one()
        raise InvalidCall(_l("%(granted)s has already been granted from this call. The budget cannot be lower "
                             "than that.", granted=money(call.granted_cents)), field="pot")
    call = db.session.execute(select(Call).where(Call.id == call_id)
                              .execution_options(populate_existing=True)).scalar_one()
    _apply_call(call, data, found, items)
    db.session.flush()
    after = _snapshot(call)
    changed = {key: {"from": before[key], "to": value} for key, value in after.items() if before[key] != value}
    audit.record(actor, "proposal_call.update", "proposal_call", call.id, details={"changes": changed},
                 pc4=call_pc4(call))
    for proposal in call.proposals:  # a changed minimum can flag a waiting plan, or clear its flag
        if proposal.status in AWAITING_DECISION:
            refresh_team_flag(lock(proposal.id), actor)
    db.session.commit()
    return call


def add_panel_member(actor: User, call_id: int, email: str) -> PanelMember:
    """Appoint a resident to the call's panel (regiegroep), tell them and write it in the audit log. Commits.

    Raises CallNotFound, NotAllowed or InvalidCall (field "email"); nothing is stored then.
    """
    call = queries.get_call(call_id)
    _ensure_may_manage(actor, call)
    person = find_by_email(email or "")
    if person is None or person.is_deleted:
        raise InvalidCall(_l("There is no account with this e-mail address. Ask the person to create an account "
                             "first."), field="email")
    if not counts_as_member(person):
        raise InvalidCall(_l("This person has not confirmed their e-mail address yet, or the account is blocked. "
                             "Only people with a confirmed account can be on the panel."), field="email")
    if any(m.user_id == person.id for m in call.panel):
        raise InvalidCall(_l("This person is already on the panel."), field="email")
    member = PanelMember(call_id=call.id, user_id=person.id, appointed_at=utcnow())
    db.session.add(member)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise InvalidCall(_l("This person is already on the panel."), field="email") from None
    audit.record(actor, "proposal_call.panel_add", "proposal_call", call.id, details={"user_id": person.id},
                 pc4=call_pc4(call), subject=person)
    tell([person], EVENT_REVIEW, _l(
        "You are now on the panel of the call “%(title)s”. You can assess the plans that are sent, and decide about "
        "them together with the community manager.", title=call.title), workflow.call_path(call.id))
    db.session.commit()
    return member


def remove_panel_member(actor: User, call_id: int, user_id: int) -> None:
    """Take someone off the call's panel; their past assessments stay visible. Written in the audit log when
    someone was on it. Commits. Raises CallNotFound or NotAllowed."""
    call = queries.get_call(call_id)
    _ensure_may_manage(actor, call)
    member = next((m for m in call.panel if m.user_id == user_id), None)
    person = member.user if member is not None else None
    result = db.session.execute(delete(PanelMember).where(PanelMember.call_id == call.id,
                                                          PanelMember.user_id == user_id)
                                .execution_options(synchronize_session="fetch"))
    if result.rowcount:
        audit.record(actor, "proposal_call.panel_remove", "proposal_call", call.id, details={"user_id": user_id},
                     pc4=call_pc4(call), subject=person)
    db.session.commit()
