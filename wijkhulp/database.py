"""Declarative base, UTC datetimes, shared mixins and SQLite connection settings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, DateTime, Dialect, MetaData, event, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, registry
from sqlalchemy.types import TypeDecorator


# The site's one local time zone: calendar days, deadlines typed in forms and dates in mails.
LOCAL_TIMEZONE = "Europe/Amsterdam"
LOCAL_TZ = ZoneInfo(LOCAL_TIMEZONE)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores UTC without tzinfo; gives back aware UTC datetimes on every backend."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use wijkhulp.database.utcnow()")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    registry = registry(
        type_annotation_map={datetime: UTCDateTime()},
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
    )


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


def guarded_update(model: type[Any], id: Any, *, where: Iterable[ColumnElement[bool]] = (),
                   values: Mapping[str, Any]) -> bool:
    """`UPDATE model SET values WHERE id = :id AND where…`; True when that one row changed.

    The database checks the conditions and writes in one statement, so of two requests racing for the same
    change (two accepts, cron and a manager closing a round) exactly one gets True. Flush level: no commit and
    no rollback; objects already in the session keep their old values until refreshed.
    """
    from wijkhulp.extensions import db  # extensions imports this module for Base

    result = db.session.execute(update(model).where(model.id == id, *where).values(**values)
                                .execution_options(synchronize_session=False))
    return result.rowcount == 1


class ModeratableMixin:
    """Moderation hides content with a mark of its own, whatever the content's state."""

    hidden_at: Mapped[datetime | None] = mapped_column(default=None)

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
