"""Categories of help, as the forms and the admin page list them."""

from __future__ import annotations

from sqlalchemy import func, select

from wijkhulp.extensions import db
from wijkhulp.marketplace.models import Category, CategoryNotFound


def active_categories() -> list[Category]:
    return list(db.session.scalars(select(Category).where(Category.is_active.is_(True))
                                   .order_by(Category.position, Category.name)))


def all_categories() -> list[Category]:
    return list(db.session.scalars(select(Category).order_by(Category.position, Category.name)))


def category_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Category)) or 0


def category_or_404(category_id: int) -> Category:
    category = db.session.get(Category, category_id)
    if category is None:
        raise CategoryNotFound()
    return category
