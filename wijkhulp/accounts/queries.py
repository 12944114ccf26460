"""Read queries for accounts."""

from __future__ import annotations

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, or_, select

from wijkhulp.accounts.models import SignIn, User
from wijkhulp.errors import NotFound
from wijkhulp.extensions import db


def public_profile_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.is_deleted or user.is_blocked or user.is_hidden:
        raise NotFound()
    return user


def search_users(query: str | None, page: int, per_page: int = 25) -> Pagination:
    stmt = select(User).where(User.deleted_at.is_(None))
    if query:
        like = f"%{query.lower()}%"
        stmt = stmt.where(or_(func.lower(User.email).like(like), func.lower(User.display_name).like(like)))
    return db.paginate(stmt.order_by(User.created_at.desc(), User.id.desc()), page=page, per_page=per_page,
                       error_out=False)


def user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.is_deleted:
        raise NotFound()
    return user


def active_sign_ins(user: User) -> list[SignIn]:
    """This person's sign-ins that have not ended, most recently seen first."""
    return list(db.session.scalars(select(SignIn).where(SignIn.user_id == user.id, SignIn.ended_at.is_(None))
                                   .order_by(SignIn.last_seen_at.desc(), SignIn.id.desc())))
