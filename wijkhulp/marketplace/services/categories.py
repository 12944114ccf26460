"""Marketplace services: the categories admins manage (each change written to the audit log)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from wijkhulp import audit
from wijkhulp.accounts.models import User
from wijkhulp.accounts.permissions import is_signed_in
from wijkhulp.errors import NotAllowed
from wijkhulp.extensions import db
from wijkhulp.marketplace import queries
from wijkhulp.text import clean_line
from wijkhulp.marketplace.models import CATEGORY_NAME_MAX, Category, DuplicateCategory, InvalidCategoryName


DEFAULT_CATEGORIES = (  # (slug, Dutch name), from DESIGN.md
    ("groceries", "Boodschappen"),
    ("transport", "Vervoer"),
    ("odd-jobs", "Klusjes"),
    ("company", "Gezelschap en bezoek"),
    ("garden", "Tuin"),
    ("computer-help", "Computerhulp"),
    ("paperwork", "Papierwerk"),
    ("cooking", "Koken"),
    ("pets", "Huisdieren"),
    ("other", "Overig"),
)


def _ensure_admin(actor: User | None) -> None:
    if actor is not None and not (is_signed_in(actor) and actor.is_active and actor.is_admin):
        raise NotAllowed()


def _stage_default_categories() -> int:
    existing = set(db.session.scalars(select(Category.slug)))
    names = {n.casefold() for n in db.session.scalars(select(Category.name))}
    added = 0
    for position, (slug, name) in enumerate(DEFAULT_CATEGORIES, start=1):
        if slug in existing or name.casefold() in names:
            continue
        db.session.add(Category(slug=slug, name=name, position=position * 10, is_active=True))
        added += 1
    db.session.flush()
    return added


def ensure_default_categories(actor: User | None = None) -> int:
    """Add the default categories that are missing (by slug or name); leaves renamed ones alone. Commits.
    Returns how many were added. Safe to run again. `actor`: the admin who asked (None: the system)."""
    added = _stage_default_categories()
    if added:
        audit.record(actor, "marketplace.category_defaults", "category", details={"added": added})
    try:
        db.session.commit()
    except IntegrityError:  # another process added them at the same moment
        db.session.rollback()
        return 0
    return added


def _clean_category_name(name: str, *, keep_id: int | None = None) -> str:
    cleaned = clean_line(name)
    if not 2 <= len(cleaned) <= CATEGORY_NAME_MAX:
        raise InvalidCategoryName(field="name")
    clash = db.session.scalar(select(Category).where(Category.name.ilike(cleaned)))
    if clash is not None and clash.id != keep_id:
        raise DuplicateCategory(field="name")
    return cleaned


def _unique_slug(name: str) -> str:
    from wijkhulp.neighbourhoods.models import slugify

    base = slugify(name)[:34] or "category"
    slug, n = base, 2
    while db.session.scalar(select(Category.id).where(Category.slug == slug)) is not None:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _commit_category() -> None:
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise DuplicateCategory(field="name") from None


def add_category(actor: User | None, name: str) -> Category:
    """Add a category at the end of the list. Commits. Raises NotAllowed, InvalidCategoryName, DuplicateCategory."""
    _ensure_admin(actor)
    cleaned = _clean_category_name(name)
    last = db.session.scalar(select(Category.position).order_by(Category.position.desc()).limit(1)) or 0
    category = Category(slug=_unique_slug(cleaned), name=cleaned, position=last + 10, is_active=True)
    db.session.add(category)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise DuplicateCategory(field="name") from None
    audit.record(actor, "marketplace.category_add", "category", category.id, details={"name": cleaned})
    _commit_category()
    return category


def rename_category(actor: User | None, category_id: int, name: str) -> Category:
    """Rename a category; its listings keep it. Commits.
    Raises NotAllowed, CategoryNotFound, InvalidCategoryName, DuplicateCategory."""
    _ensure_admin(actor)
    category = queries.category_or_404(category_id)
    before = category.name
    category.name = _clean_category_name(name, keep_id=category.id)
    if category.name != before:
        audit.record(actor, "marketplace.category_rename", "category", category.id,
                     details={"from": before, "to": category.name})
    _commit_category()
    return category


def set_category_active(actor: User | None, category_id: int, active: bool) -> Category:
    """Switch a category on or off for new listings (existing listings keep it). Commits.
    Raises NotAllowed, CategoryNotFound."""
    _ensure_admin(actor)
    category = queries.category_or_404(category_id)
    if category.is_active != active:
        category.is_active = active
        audit.record(actor, "marketplace.category_on" if active else "marketplace.category_off", "category",
                     category.id, details={"name": category.name})
    db.session.commit()
    return category
