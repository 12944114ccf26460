"""The moderation registry (a low module): content types, queue sources and the pre-moderation hook.

Features register their content here at import time, so moderation can report, hide, restore and remove
content without importing the features it serves:

    register_content_type("listing", label=_l("Request or offer"), model=Listing,
                          author_of=lambda o: o.author, pc4_of=lambda o: o.pc4,
                          summary_of=lambda o: o.title, remove=_remove_listing_text,
                          url_of=lambda o: url_for("marketplace.show", listing_id=o.id))

Moderation itself plugs the pre-moderation policy in with `set_premoderation(...)`; a feature that creates
content calls `premoderate(key, obj, author)` (flush only) inside its own transaction.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from wijkhulp import kindness  # noqa: F401  (re-exported: `from wijkhulp.contenttypes import kindness`)
from wijkhulp.database import utcnow
from wijkhulp.extensions import db

_KEY = re.compile(r"[a-z][a-z0-9_]{0,39}")


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

    def summary(self, obj: Any, limit: int = 120) -> str:
        line = " ".join(str(self.summary_of(obj) or "").split())
        return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


_TYPES: dict[str, ContentType] = {}


def register_content_type(key: str, *, label: Any, model: type[Any], author_of: Callable[[Any], Any],
                          pc4_of: Callable[[Any], str | None], summary_of: Callable[[Any], str],
                          remove: Callable[[Any], None], url_of: Callable[[Any], str | None] | None = None,
                          text_of: Callable[[Any], str] | None = None, order: int = 50) -> ContentType:
    """Make a kind of content reportable and moderatable (at import time). The same key again replaces it.

    The model needs a `hidden_at` column (wijkhulp.database.ModeratableMixin).
    """
    if not _KEY.fullmatch(key):
        raise ValueError(f"content key {key!r}: use lower-case letters, digits and _ (at most 40)")
    if not hasattr(model, "hidden_at"):
        raise TypeError(f"{model.__name__} needs a hidden_at column (ModeratableMixin) to be moderated")
    content = ContentType(key=key, label=label, model=model, author_of=author_of, pc4_of=pc4_of,
                          summary_of=summary_of, remove=remove, url_of=url_of, text_of=text_of, order=order)
    _TYPES[key] = content
    return content


def content_type(key: str) -> ContentType | None:
    """The registered content type, or None."""
    return _TYPES.get(key)


def content_types() -> list[ContentType]:
    return sorted(_TYPES.values(), key=lambda c: (c.order, c.key))


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


_SOURCES: dict[str, QueueSource] = {}


def register_queue_source(key: str, *, title: Any, load: Callable[[frozenset[str] | None], list[QueueRow]],
                          description: Any = "", order: int = 50, limit: int = 50) -> QueueSource:
    """Add a section to the managers' queue (at import time). `load(pc4s)` returns at most `limit` rows in
    those PC4 areas (None: everywhere); it only reads. The same key again replaces it."""
    if not _KEY.fullmatch(key):
        raise ValueError(f"queue source key {key!r}: use lower-case letters, digits and _ (at most 40)")
    source = QueueSource(key=key, title=title, load=load, description=description, order=order, limit=limit)
    _SOURCES[key] = source
    return source


def queue_sources() -> list[QueueSource]:
    return sorted(_SOURCES.values(), key=lambda s: (s.order, s.key))


# ---------------------------------------------------------------- pre-moderation

_Policy = Callable[[Any], bool]
_Holder = Callable[[ContentType, Any, Any], None]
_premoderation: dict[str, Any] = {"policy": None, "holder": None}


def set_premoderation(*, policy: _Policy, holder: _Holder) -> None:
    """Moderation plugs in: policy(author) -> bool and holder(content_type, obj, author) (flush only)."""
    _premoderation["policy"], _premoderation["holder"] = policy, holder


def needs_premoderation(author: Any) -> bool:
    """Whether new content by `author` waits for a manager before it is shown (pre-moderation setting on and
    no earlier post of theirs approved yet). False when moderation is not installed."""
    policy = _premoderation["policy"]
    return bool(policy(author)) if policy is not None and author is not None else False


def premoderate(key: str, obj: Any, author: Any) -> bool:
    """Call right after adding new content, inside the creating service's transaction. Flush only.

    When `author` needs pre-moderation, the content is hidden and put in the managers' queue; returns True
    (tell the author a manager will look at it first). Otherwise nothing happens and it returns False.
    """
    content = _TYPES.get(key)
    if content is None:
        raise KeyError(f"content type {key!r} is not registered")
    holder = _premoderation["holder"]
    if holder is None or not needs_premoderation(author):
        return False
    if getattr(obj, "id", None) is None:
        db.session.flush()
    holder(content, obj, author)
    return True
