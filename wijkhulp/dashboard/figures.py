"""The dashboard's own figures about people (declared in the manifest, like every feature's figures)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from wijkhulp import metrics
from wijkhulp.registry.metrics import Figure, Series
from wijkhulp.accounts.models import User
from wijkhulp.extensions import db

SECTION = _l("People")


def _count_users(pc4s: metrics.Scope, column: object, start: datetime, end: datetime) -> int:
    stmt = select(func.count()).select_from(User).where(User.deleted_at.is_(None), column >= start,
                                                        column < end)
    if pc4s is not None:
        stmt = stmt.where(User.pc4.in_(sorted(pc4s)))
    return db.session.scalar(stmt) or 0


def new_accounts(pc4s: metrics.Scope, start: datetime, end: datetime) -> int:
    return _count_users(pc4s, User.created_at, start, end)


def new_accounts_per_week(pc4s: metrics.Scope, start: datetime, end: datetime) -> list[tuple[str, int | float]]:
    return metrics.per_week(lambda a, b: _count_users(pc4s, User.created_at, a, b), start, end)


def active_users(pc4s: metrics.Scope, start: datetime, end: datetime) -> int:
    """Residents whose last sign-in lies in the period (a lower bound for older periods: only the last sign-in
    is kept)."""
    return _count_users(pc4s, User.last_login_at, start, end)


FIGURES = (
    Figure("new_accounts", label=_l("Neighbours who joined"), compute=new_accounts, section=SECTION,
        order=10, public=True),
    Figure("active_users", label=_l("Residents who signed in"), compute=active_users,
        section=SECTION, order=20,
        description=_l("Counted by their last sign-in, so for older periods this is a lower "
        "bound.")),
)

SERIES = (
    Series("new_accounts_per_week", label=_l("New accounts per week"), compute=new_accounts_per_week,
        columns=(_l("New accounts"),), row_heading=_l("Week"), section=SECTION, order=30),
)
