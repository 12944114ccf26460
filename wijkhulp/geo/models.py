"""The postcode-area table: one row per PC4 with its centroid and place name."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from wijkhulp.extensions import db


class PostcodeArea(db.Model):
    __tablename__ = "postcode_area"

    pc4: Mapped[str] = mapped_column(String(4), primary_key=True)
    place: Mapped[str] = mapped_column(String(100), index=True)
    province: Mapped[str] = mapped_column(String(40))
    latitude: Mapped[float]
    longitude: Mapped[float]
    other_places: Mapped[str] = mapped_column(String(1000), default="")

    @property
    def label(self) -> str:
        return f"{self.pc4} {self.place}"
