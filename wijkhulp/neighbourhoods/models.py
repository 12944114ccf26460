"""Neighbourhoods (wijken): named sets of PC4 areas, their managers, and the feature's refusals."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from wijkhulp.database import utcnow
from wijkhulp.errors import DomainError, NotFound
from wijkhulp.extensions import db
from wijkhulp.geo.postcodes import compact_pc4_list

NAME_MAX_LENGTH = 80
DESCRIPTION_MAX_LENGTH = 2000


class Neighbourhood(db.Model):
    __tablename__ = "neighbourhood"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH), unique=True)
    slug: Mapped[str] = mapped_column(String(NAME_MAX_LENGTH), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    areas: Mapped[list[NeighbourhoodArea]] = relationship(
        back_populates="neighbourhood", cascade="all, delete-orphan", order_by="NeighbourhoodArea.pc4")
    manager_assignments: Mapped[list[ManagerAssignment]] = relationship(
        back_populates="neighbourhood", cascade="all, delete-orphan")

    @property
    def pc4s(self) -> list[str]:
        return sorted(area.pc4 for area in self.areas)

    @property
    def areas_text(self) -> str:
        """'3601-3608, 3612': the form in which people type and read the areas."""
        return compact_pc4_list(self.pc4s)


class NeighbourhoodArea(db.Model):
    """One PC4 area in a neighbourhood. An area may lie in more than one neighbourhood.

    `pc4` has no foreign key to postcode_area on purpose: reloading the postcode data
    (`flask postcodes import`) replaces that table and must not fail on a neighbourhood.
    """

    __tablename__ = "neighbourhood_area"

    neighbourhood_id: Mapped[int] = mapped_column(
        ForeignKey("neighbourhood.id", ondelete="CASCADE"), primary_key=True)
    pc4: Mapped[str] = mapped_column(String(4), primary_key=True, index=True)

    neighbourhood: Mapped[Neighbourhood] = relationship(back_populates="areas")


class ManagerAssignment(db.Model):
    """A community manager looks after this neighbourhood (used from a later issue on)."""

    __tablename__ = "manager_assignment"

    neighbourhood_id: Mapped[int] = mapped_column(
        ForeignKey("neighbourhood.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    neighbourhood: Mapped[Neighbourhood] = relationship(back_populates="manager_assignments")


def slugify(name: str) -> str:
    """'Loenen aan de Vecht' -> 'loenen-aan-de-vecht'; accents dropped, so 'Oud-Zuilen' == 'oud zuilen'."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:NAME_MAX_LENGTH]


def clean_name(raw: str) -> str:
    return re.sub(r"\s+", " ", raw or "").strip()


class NeighbourhoodNotFound(NotFound):
    default_message = _l("We could not find that neighbourhood.")


class InvalidNeighbourhoodName(DomainError):
    default_message = _l("Enter a name for the neighbourhood, for example Maarssen.")


class DuplicateNeighbourhood(DomainError):
    default_message = _l("There is already a neighbourhood with this name. Choose another name.")


class InvalidDescription(DomainError):
    default_message = _l("The description is too long. Use at most %(n)s characters.", n=DESCRIPTION_MAX_LENGTH)


class OutsideServiceArea(DomainError):
    default_message = _l("This postcode is outside the area this site serves. You can only use a postcode "
                         "in our area.")
