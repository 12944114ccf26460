"""Categories of help and listings (requests and offers)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wijkhulp.database import ModeratableMixin, TimestampMixin, utcnow
from wijkhulp.extensions import db
from wijkhulp.marketplace.matching import RADII
from wijkhulp.marketplace.models.enums import (ASSISTED_NOTE_MAX, CATEGORY_NAME_MAX, FIRST_NAME_MAX, TIMING_NOTE_MAX,
                                               TITLE_MAX, ListingKind, ListingStatus, PartOfDay, Recurrence,
                                               TimingKind, Urgency, enum_type)
from wijkhulp.organisations.models import Organisation  # noqa: TC001  (mapped before the relationship resolves)

if TYPE_CHECKING:
    from wijkhulp.accounts.models import User
    from wijkhulp.marketplace.models.threads import Response


class Category(db.Model):
    """A kind of help (groceries, transport, ...). Admins add, rename and switch them off; never deleted,
    because listings keep pointing at them."""

    __tablename__ = "category"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(CATEGORY_NAME_MAX), unique=True)  # Dutch, as residents read it
    position: Mapped[int] = mapped_column(Integer, default=100)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def label(self) -> Any:
        """The name as the reader reads it: a standard category keeps its translation (English pages say
        "Groceries") as long as an admin has not renamed it; a name an admin chose is shown as entered."""
        standard = STANDARD_CATEGORY_LABELS.get(self.slug)
        if standard is not None and self.name == standard[0]:
            return standard[1]
        return self.name


# slug -> (the Dutch name it is stored with, the translatable label); the names are those of
# marketplace.services.categories.DEFAULT_CATEGORIES.
STANDARD_CATEGORY_LABELS: dict[str, tuple[str, Any]] = {
    "groceries": ("Boodschappen", _l("Groceries")),
    "transport": ("Vervoer", _l("Transport")),
    "odd-jobs": ("Klusjes", _l("Odd jobs")),
    "company": ("Gezelschap en bezoek", _l("Company and visits")),
    "garden": ("Tuin", _l("Garden")),
    "computer-help": ("Computerhulp", _l("Computer help")),
    "paperwork": ("Papierwerk", _l("Paperwork")),
    "cooking": ("Koken", _l("Cooking")),
    "pets": ("Huisdieren", _l("Pets")),
    "other": ("Overig", _l("Other kinds of help")),
}


class Listing(TimestampMixin, ModeratableMixin, db.Model):
    """A request for help or an offer of help in one postcode area."""

    __tablename__ = "listing"
    __table_args__ = (
        # One index per query shape of the nearby search and the suggestions (with and without a category),
        # so that "open requests in area 3601, newest first" is a range scan that stops after a page.
        Index("ix_listing_nearby_category", "status", "kind", "category_id", "pc4", "created_at"),
        Index("ix_listing_nearby", "status", "kind", "pc4", "created_at"),
        Index("ix_listing_status_created_at", "status", "created_at"),  # newest first, no place given
        # `flask listings expire`. Not (status, expires_at): SQLite without statistics would pick that one for
        # the nearby search (status = 'open' AND expires_at > now) and sort every open listing.
        Index("ix_listing_expires_at", "expires_at"),
        Index("ix_listing_author_id_created_at", "author_id", "created_at"),  # my listings
        Index("ix_listing_organisation_id_status", "organisation_id", "status"),  # the organisation's page
        UniqueConstraint("author_id", "form_token"),  # a form sent twice makes one listing
        CheckConstraint("radius_km IN ({})".format(", ".join(str(r) for r in RADII)), name="radius_km"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ListingKind] = mapped_column(enum_type(ListingKind, 10))
    status: Mapped[ListingStatus] = mapped_column(enum_type(ListingStatus, 10), default=ListingStatus.OPEN)
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    description: Mapped[str] = mapped_column(Text)
    pc4: Mapped[str] = mapped_column(String(4))
    radius_km: Mapped[int] = mapped_column(Integer)
    timing: Mapped[TimingKind] = mapped_column(enum_type(TimingKind, 10), default=TimingKind.FLEXIBLE)
    timing_date: Mapped[date | None]
    part_of_day: Mapped[PartOfDay | None] = mapped_column(enum_type(PartOfDay, 10))
    recurrence: Mapped[Recurrence | None] = mapped_column(enum_type(Recurrence, 12))
    timing_note: Mapped[str] = mapped_column(String(TIMING_NOTE_MAX), default="")
    urgency: Mapped[Urgency] = mapped_column(enum_type(Urgency, 10), default=Urgency.NORMAL)
    # Asked for someone else (a carer, child or neighbour): their first name, and when consent was confirmed.
    on_behalf_name: Mapped[str | None] = mapped_column(String(FIRST_NAME_MAX))
    on_behalf_consent_at: Mapped[datetime | None]
    # Assisted posting: a community manager entered it for a resident who phoned or came by. The manager is
    # the author and handles the contact; the note (how to reach the resident) is for managers only.
    assisted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    assisted_note: Mapped[str] = mapped_column(String(ASSISTED_NOTE_MAX), default="")
    # Posted in the name of a verified organisation the author is a member of (shown instead of the author).
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"))
    expires_at: Mapped[datetime]
    expiry_reminded_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    purged_at: Mapped[datetime | None]  # `flask privacy purge` removed its text after the retention period
    matches_notified_at: Mapped[datetime | None]
    form_token: Mapped[str | None] = mapped_column(String(64))

    category: Mapped[Category] = relationship(lazy="joined", innerjoin=True)
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    assisted_by: Mapped[User | None] = relationship(foreign_keys=[assisted_by_id])
    organisation: Mapped[Organisation | None] = relationship()
    responses: Mapped[list[Response]] = relationship(back_populates="listing", order_by="Response.created_at",
                                                     cascade="all, delete-orphan")

    def is_expired(self, now: datetime) -> bool:
        return self.status == ListingStatus.EXPIRED or (
            self.status == ListingStatus.OPEN and self.expires_at <= now)

    def effective_status(self, now: datetime) -> ListingStatus:
        """Pages treat an open listing past its expiry as expired, before `flask listings expire` has run."""
        return ListingStatus.EXPIRED if self.is_expired(now) else self.status

    def is_open(self, now: datetime) -> bool:
        return self.effective_status(now) == ListingStatus.OPEN

    @property
    def is_request(self) -> bool:
        return self.kind == ListingKind.REQUEST

    @property
    def is_assisted(self) -> bool:
        return self.assisted_by_id is not None
