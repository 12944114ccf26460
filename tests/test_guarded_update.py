"""database.guarded_update: the one conditional UPDATE that wins races, and the places that use it."""

from __future__ import annotations

import inspect
import re

from sqlalchemy import select

from tests import factories
from wijkhulp.accounts.models import User
from wijkhulp.database import guarded_update, utcnow
from wijkhulp.extensions import db


def test_changes_the_row_only_while_the_condition_holds(ctx) -> None:
    person = factories.user()
    stamp = utcnow()
    assert guarded_update(User, person.id, where=(User.blocked_at.is_(None),),
                          values={"blocked_at": stamp, "blocked_reason": "x"})
    # the second caller of a race: the condition no longer holds, nothing changes
    assert not guarded_update(User, person.id, where=(User.blocked_at.is_(None),), values={"blocked_reason": "y"})
    assert not guarded_update(User, person.id + 1000, values={"blocked_reason": "z"})  # no such row
    db.session.commit()  # the helper does not commit; the caller's transaction does
    assert db.session.scalar(select(User.blocked_reason).where(User.id == person.id)) == "x"


def test_does_not_commit(ctx) -> None:
    person = factories.user()
    assert guarded_update(User, person.id, values={"display_name": "Changed"})
    db.session.rollback()
    assert db.session.scalar(select(User.display_name).where(User.id == person.id)) != "Changed"


def test_every_guarded_status_change_goes_through_it() -> None:
    from wijkhulp.ideas.services import _common as ideas_common
    from wijkhulp.ideas.services import followup
    from wijkhulp.marketplace.services import matches, responses
    from wijkhulp.proposals.services import calls, plans, review, supports, team, workflow

    for module in (ideas_common, followup, matches, responses, calls, review, workflow):
        assert "guarded_update(" in inspect.getsource(module), module
    for module in (ideas_common, followup, matches, responses, calls, plans, review, supports, team, workflow):
        source = inspect.getsource(module)
        assert re.search(r"(?<![\w.])update\(", source) is None, f"{module.__name__} writes its own UPDATE"
