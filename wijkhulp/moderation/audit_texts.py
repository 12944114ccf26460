"""The audit log in plain words: each entry as a sentence ("Warned Jan about request “Tuin winterklaar”").

The sentences are `audit.ACTIONS`, rendered when a page is shown, in the reader's language, with the current
title of what the entry is about. A target that no longer exists is named by the title stored in the entry's
details when there is one, else by its kind and number with "(no longer there)". Titles are looked up for a whole
page at once: one query per kind of target, not one per row.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from wijkhulp import audit
from wijkhulp.accounts.models import ROLE_LABELS, Role, User
from wijkhulp.audit import AuditEntry
from wijkhulp.extensions import db
from wijkhulp.neighbourhoods.models import Neighbourhood
from wijkhulp.registry.content import audit_target, content_type
from wijkhulp.registry.settings import SETTINGS

# How a content type reads in a sentence (lower case); a type not listed uses its label.
CONTENT_NOUNS: dict[str, Any] = {
    "message": _l("message"), "thank_you": _l("thank-you note"), "idea": _l("idea"), "profile": _l("profile"),
    "organisation": _l("organisation"), "proposal": _l("plan"),
}
LISTING_NOUNS: dict[str, Any] = {"request": _l("request"), "offer": _l("offer")}
OTHER_NOUNS: dict[str, Any] = {"neighbourhood": _l("neighbourhood"), "setting": _l("setting"),
                               "audit_log": _l("audit log"), "dashboard": _l("dashboard"), "user": _l("account")}
_STORED_TITLE_KEYS = ("title", "name", "neighbourhood")
SIGN_IN_METHODS: dict[str, Any] = {"password": _l("with a password"), "totp": _l("with a code from the app"),
                                   "recovery": _l("with a recovery code")}


class _Params(dict[str, Any]):
    """Placeholders of a sentence; one the entry has no value for reads "–" instead of failing the page."""

    def __missing__(self, key: str) -> str:
        return "–"


def action_label(action: str) -> str:
    text = audit.action_text(action)
    return str(text.label) if text is not None else action


def action_choices(actions: Iterable[str]) -> list[tuple[str, str]]:
    """(key, name) for the filter list, sorted by name in the reader's language."""
    return sorted(((a, action_label(a)) for a in actions), key=lambda pair: pair[1].casefold())


def target_choices(keys: Iterable[str]) -> list[tuple[str, str]]:
    """(key, name) for the "about" filter: "request or offer", "category", ..."""
    names = [(k, str(_Titles.noun(k))) for k in keys]
    return sorted(((k, n[:1].upper() + n[1:]) for k, n in names), key=lambda pair: pair[1].casefold())


def _ids(entries: Sequence[AuditEntry], key: str) -> list[int]:
    return sorted({int(e.target_id) for e in entries
                   if e.target_key == key and e.target_id and e.target_id.isdigit() and len(e.target_id) < 10})


def _names(user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    return {u.id: u.public_name for u in db.session.scalars(select(User).where(User.id.in_(sorted(user_ids))))}


class _Titles:
    """Current titles (and nouns) of the targets of one page of entries."""

    def __init__(self, entries: Sequence[AuditEntry]) -> None:
        self.titles: dict[tuple[str, str], str] = {}
        self.nouns: dict[tuple[str, str], Any] = {}
        for key in {e.target_key for e in entries}:
            ids = _ids(entries, key)
            kind = content_type(key)
            if kind is not None and ids:
                for obj in db.session.scalars(select(kind.model).where(kind.model.id.in_(ids))):
                    self.titles[(key, str(obj.id))] = (obj.public_name if key == "profile" else kind.summary(obj))
                    listing_kind = getattr(getattr(obj, "kind", None), "value", None)
                    if key == "listing" and listing_kind in LISTING_NOUNS:
                        self.nouns[(key, str(obj.id))] = LISTING_NOUNS[listing_kind]
            elif key == "user":
                self.titles.update({(key, str(i)): name for i, name in _names(set(ids)).items()})
            elif key == "neighbourhood" and ids:
                self.titles.update({(key, str(i)): name for i, name in db.session.execute(
                    select(Neighbourhood.id, Neighbourhood.name).where(Neighbourhood.id.in_(ids)))})
            elif key == "setting":
                for entry in entries:
                    spec = SETTINGS.get(entry.target_id or "") if entry.target_key == "setting" else None
                    if spec is not None:
                        self.titles[(key, entry.target_id or "")] = str(spec.label)
            elif (target := audit_target(key)) is not None:
                self.titles.update({(key, str(i)): t for i, t in target.titles_of(ids).items()})

    @staticmethod
    def noun(key: str) -> Any:
        if key in CONTENT_NOUNS:
            return CONTENT_NOUNS[key]
        if key == "listing":
            return _l("request or offer")
        if key in OTHER_NOUNS:
            return OTHER_NOUNS[key]
        target = audit_target(key)
        if target is not None:
            return target.noun
        kind = content_type(key)
        return str(kind.label).lower() if kind is not None else key.replace("_", " ")

    def phrase(self, entry: AuditEntry) -> str:
        """"request “Tuin winterklaar”", "Jan" (a person), or "request 8 (no longer there)"."""
        where = (entry.target_key, entry.target_id or "")
        noun = self.nouns.get(where) or self.noun(entry.target_key)
        title = self.titles.get(where)
        gone = title is None
        if gone:
            details = entry.details or {}
            title = next((str(details[k]) for k in _STORED_TITLE_KEYS if isinstance(details.get(k), str)
                          and details[k].strip()), None)
        if entry.target_key == "profile" and title is not None and not gone:
            return _("the profile of %(name)s", name=title)
        if entry.target_key in ("user", "profile") and title is not None:
            return title if not gone else _("%(name)s (account no longer there)", name=title)
        if entry.target_key == "setting" and title is not None:
            return _("“%(title)s”", title=title)
        if title is None:
            if not entry.target_id:
                return str(noun)
            return _("%(noun)s %(number)s (no longer there)", noun=noun, number=entry.target_id)
        if gone:
            return _("%(noun)s “%(title)s” (no longer there)", noun=noun, title=title)
        return _("%(noun)s “%(title)s”", noun=noun, title=title)


def _value(value: Any, action: str = "") -> str:
    if action == "user.role" and value in {r.value for r in Role}:
        return str(ROLE_LABELS[Role(value)]).lower()
    if value is None or value == "":
        return "–"
    if isinstance(value, (dict, list)):
        return "…"
    return str(value)


def describe(entries: Sequence[AuditEntry]) -> dict[int, str]:
    """entry id -> its sentence, for one page of entries (a few queries in all)."""
    titles = _Titles(entries)
    people = _names({e.subject_id for e in entries if e.subject_id is not None}
                    | {int(e.details["user_id"]) for e in entries
                       if isinstance((e.details or {}).get("user_id"), int)})
    sentences: dict[int, str] = {}
    for entry in entries:
        details = entry.details or {}
        text = audit.action_text(entry.action)
        params = _Params(target=titles.phrase(entry),
                         subject=people.get(entry.subject_id, _("a former resident")) if entry.subject_id else "–",
                         person=people.get(details.get("user_id"), _("a former resident"))
                         if isinstance(details.get("user_id"), int) else "–",
                         method=str(SIGN_IN_METHODS.get(str(details.get("method")), _value(details.get("method")))),
                         **{"from": _value(details.get("from"), entry.action), "to": _value(details.get("to"), entry.action)})
        if entry.target_key in ("user", "profile") and entry.subject_id is None and entry.action != "user.role":
            params["subject"] = params["target"]
        sentence = (str(text.sentence) % params) if text is not None else (
            f"{entry.action} {entry.target_key} {entry.target_id or ''}".strip())
        sentences[entry.id] = sentence[:1].upper() + sentence[1:]
    return sentences

