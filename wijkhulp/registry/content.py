"""The moderation registries: content types, queue sources and the hooks moderation plugs in.

A feature's manifest declares its content (`content_types=(ContentType(...),)`, `queue_sources=...`), so
moderation can report, hide, restore and remove it without importing the feature. A feature that creates
content calls `premoderate(key, obj, author)` (flush only) inside its own transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.registry.base import Registry, check_key


@dataclass(frozen=True)
class ContentType:
    """What moderation needs to know about one kind of content.

    author_of(obj) -> User | None    the person who wrote it (None: a former resident or nobody)
    pc4_of(obj) -> str | None        the postcode area it belongs to: decides which managers may act on it
    summary_of(obj) -> str           one line for the queue and for messages ("Boodschappen doen")
    remove(obj) -> None              FLUSH ONLY: replace the text with a note, keep the record
    url_of(obj) -> str | None        the page showing it; may call url_for, so call it in the web layer only
    text_of(obj) -> str              optional: the full text, shown to the manager who decides (hidden content
                                     may not be visible on its own page)
    visible_to(obj, user) -> bool    optional: whether this person may see it at all (a message: only the two
                                     people of its conversation). Nobody can report what they cannot see.
    private_of(obj) -> bool          optional: its text is private (a message, a thank-you note that is not
                                     public). Staff read it only after it was reported, and each look is audited.
    context_of(obj) -> str | None    optional: for private content, the one item before it (the message before
                                     a reported message), shown with it for context
    """

    key: str
    label: Any  # a lazy string: "Request or offer"
    model: type[Any]
    author_of: Callable[[Any], Any]
    pc4_of: Callable[[Any], str | None]
    summary_of: Callable[[Any], str]
    remove: Callable[[Any], None]
    url_of: Callable[[Any], str | None] | None = None
    text_of: Callable[[Any], str] | None = None
    visible_to: Callable[[Any, Any], bool] | None = None
    private_of: Callable[[Any], bool] | None = None
    context_of: Callable[[Any], str | None] | None = None
    order: int = 50

    def get(self, object_id: int) -> Any | None:
        return db.session.get(self.model, object_id)

    def is_hidden(self, obj: Any) -> bool:
        return getattr(obj, "hidden_at", None) is not None

    def hide(self, obj: Any, when: datetime | None = None) -> bool:
        """Set the hidden mark (flush is the caller's); False when it was hidden already."""
        if obj.hidden_at is not None:
            return False
        obj.hidden_at = when or utcnow()
        return True

    def unhide(self, obj: Any) -> bool:
        """Clear the hidden mark; False when it was visible already."""
        if obj.hidden_at is None:
            return False
        obj.hidden_at = None
        return True

    def url(self, obj: Any) -> str | None:
        """The page of `obj` (web layer only)."""
        return self.url_of(obj) if self.url_of is not None else None

    def text(self, obj: Any) -> str:
        return str(self.text_of(obj) or "") if self.text_of is not None else ""

    def can_see(self, obj: Any, user: Any) -> bool:
        """Whether `user` may see `obj` (True when the type declares no visible_to)."""
        return True if self.visible_to is None else bool(self.visible_to(obj, user))

    def is_private(self, obj: Any) -> bool:
        return self.private_of is not None and bool(self.private_of(obj))

    def context(self, obj: Any) -> str:
        return str(self.context_of(obj) or "") if self.context_of is not None else ""

    def summary(self, obj: Any, limit: int = 120) -> str:
        line = " ".join(str(self.summary_of(obj) or "").split())
        return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"

    def __post_init__(self) -> None:
        check_key(self.key, "content type")
        if not hasattr(self.model, "hidden_at"):
            raise TypeError(f"{self.model.__name__} needs a hidden_at column (ModeratableMixin) to be moderated")


CONTENT_TYPES: Registry[ContentType] = Registry("content type", sort_key=lambda c: (c.order, c.key))


def content_type(key: str) -> ContentType | None:
    """The registered content type, or None."""
    return CONTENT_TYPES.get(key)


def content_types() -> list[ContentType]:
    return CONTENT_TYPES.all()


# ---------------------------------------------------------------- queue sources

@dataclass(frozen=True)
class QueueRow:
    """One thing a manager should look at, e.g. a request nobody answered. `url` is optional: without it the
    queue links to the moderation page of the item when `content_key` is a registered content type."""

    content_key: str
    object_id: int
    summary: str
    pc4: str | None = None
    since: datetime | None = None
    note: str = ""
    url: str | None = None


@dataclass(frozen=True)
class QueueSource:
    key: str
    title: Any  # a lazy string: "Requests nobody has answered"
    load: Callable[[frozenset[str] | None], list[QueueRow]]  # (the manager's PC4 areas or None = all) -> rows
    description: Any = ""
    order: int = 50
    limit: int = field(default=50)


    def __post_init__(self) -> None:
        check_key(self.key, "queue source")


QUEUE_SOURCES: Registry[QueueSource] = Registry("queue source", sort_key=lambda s: (s.order, s.key))


def queue_sources() -> list[QueueSource]:
    return QUEUE_SOURCES.all()


# ---------------------------------------------------------------- pre-moderation

@dataclass(frozen=True)
class ModerationHooks:
    """What moderation plugs into the features it serves (one per application, from moderation's manifest).

    policy(author) -> bool                          does new content by `author` wait for a manager?
    holder(content_type, obj, author) -> None       FLUSH ONLY: hide it and put it in the queue
    kindness_words() -> Iterable[str]               the managed word list of the kindness nudge
    """

    key: str
    policy: Callable[[Any], bool]
    holder: Callable[[ContentType, Any, Any], None]
    kindness_words: Callable[[], Iterable[str]] | None = None


MODERATION_HOOKS: Registry[ModerationHooks] = Registry("moderation hooks")


def moderation_hooks() -> ModerationHooks | None:
    """The installed hooks (None when no feature supplies moderation)."""
    hooks = MODERATION_HOOKS.all()
    return hooks[-1] if hooks else None


def needs_premoderation(author: Any) -> bool:
    """Whether new content by `author` waits for a manager before it is shown (pre-moderation setting on and
    no earlier post of theirs approved yet). False when moderation is not installed."""
    hooks = moderation_hooks()
    return bool(hooks.policy(author)) if hooks is not None and author is not None else False


def premoderate(key: str, obj: Any, author: Any) -> bool:
    """Call right after adding new content, inside the creating service's transaction. Flush only.

    When `author` needs pre-moderation, the content is hidden and put in the managers' queue; returns True
    (tell the author a manager will look at it first). Otherwise nothing happens and it returns False.
    """
    content = CONTENT_TYPES.get(key)
    if content is None:
        raise KeyError(f"content type {key!r} is not registered: is its feature in wijkhulp.FEATURES?")
    hooks = moderation_hooks()
    if hooks is None or not needs_premoderation(author):
        return False
    if getattr(obj, "id", None) is None:
        db.session.flush()
    hooks.holder(content, obj, author)
    return True


# ---------------------------------------------------------------- audit targets

@dataclass(frozen=True)
class AuditTarget:
    """Something the audit log can be about that is not moderated content (a category, an auction round), so
    the log can name it by its current title without moderation importing the feature.

    noun                 a lazy string in lower case, as it reads in a sentence: "category"
    titles_of(ids) -> {id: title}   the current titles of the ones that still exist (one query for a page)
    """

    key: str
    noun: Any
    titles_of: Callable[[list[int]], dict[int, str]]

    def __post_init__(self) -> None:
        check_key(self.key, "audit target")


AUDIT_TARGETS: Registry[AuditTarget] = Registry("audit target")


def audit_target(key: str) -> AuditTarget | None:
    return AUDIT_TARGETS.get(key)


def titles_by_id(model: type[Any], attribute: str) -> Callable[[list[int]], dict[int, str]]:
    """A `titles_of` for AuditTarget: the `attribute` (a name or title column) of the rows that still exist."""

    def titles_of(ids: list[int]) -> dict[int, str]:
        from sqlalchemy import select

        if not ids:
            return {}
        column = getattr(model, attribute)
        return {row_id: str(title) for row_id, title in db.session.execute(
            select(model.id, column).where(model.id.in_(ids)))}

    return titles_of
