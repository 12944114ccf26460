"""The kindness nudge (a low module): before a message, reaction or listing with words from a managed list is
posted, a gentle reminder asks the author to reconsider; they may post anyway.

In a feature:

    class ListingForm(KindnessFormMixin, FlaskForm): ...

    if form.validate_on_submit() and not needs_kindness_nudge(form, "title", "description"):
        ...call the service...

and in the template, right above the submit button:

    {% from "moderation/_kindness.html" import kindness_nudge %}
    {{ kindness_nudge(form) }}

The word list is a setting that managers edit (moderation's manifest supplies it as `kindness_words`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField

from wijkhulp.registry.content import moderation_hooks

# Used until moderation supplies the managed list (and as that setting's default).
DEFAULT_WORDS: tuple[str, ...] = (
    "idioot", "sukkel", "debiel", "achterlijk", "mongool", "kanker*", "klootzak", "lul", "kut*", "tering*",
    "tyfus*", "oprotten", "rot op", "hou je bek", "stomme trut", "loser", "idiot", "stupid", "shut up",
)

def parse_words(text: str) -> list[str]:
    """'idioot, sukkel\\nrot op' -> ['idioot', 'sukkel', 'rot op']: one entry per line or comma, each once.

    An entry ending in * also matches longer words ('kanker*' matches 'kankerlijer')."""
    words: list[str] = []
    for part in re.split(r"[,\n;]+", text or ""):
        word = " ".join(part.split()).lower()
        if word and word.strip("*") and word not in words:
            words.append(word)
    return words


def _fold_char(c: str) -> str:
    base = unicodedata.normalize("NFKD", c)[:1] or c
    lowered = base.lower()
    return lowered if len(lowered) == 1 else c


def _fold(text: str) -> str:
    """Lower case without accents, one character for each character, so positions stay the same."""
    return "".join(_fold_char(c) for c in text)


def _pattern(word: str) -> re.Pattern[str]:
    prefix = word.endswith("*")
    core = _fold(word.rstrip("*").strip())
    body = r"\s+".join(re.escape(part) for part in core.split())
    return re.compile(r"(?<!\w)" + body + (r"\w*" if prefix else "") + r"(?!\w)")


def match(text: str, words: Iterable[str]) -> list[str]:
    """The words of the list found in `text`, as the author wrote them, in order, each once. Pure."""
    folded = _fold(text or "")
    hits: list[tuple[int, str]] = []
    for word in words:
        if not word.strip("* "):
            continue
        for found in _pattern(word).finditer(folded):
            hits.append((found.start(), (text or "")[found.start():found.end()]))
    seen: list[str] = []
    for _, written in sorted(hits):
        if written.lower() not in (s.lower() for s in seen):
            seen.append(written)
    return seen


def words() -> list[str]:
    """The managed list when moderation is installed, else the default list. Read at every check."""
    hooks = moderation_hooks()
    if hooks is None or hooks.kindness_words is None:
        return list(DEFAULT_WORDS)
    return list(hooks.kindness_words())


def check(text: str, word_list: Iterable[str] | None = None) -> list[str]:
    """The listed words that occur in `text` (empty: nothing to remind the author of)."""
    return match(text, words() if word_list is None else word_list)


# ---------------------------------------------------------------- forms

class KindnessFormMixin:
    """Adds the 'post anyway' box. Put it first: `class MessageForm(KindnessFormMixin, FlaskForm)`."""

    kindness_ack = BooleanField(_l("I have read this and want to post my text as it is"), default=False)
    kindness_words: list[str] = []


def needs_kindness_nudge(form: object, *fields: str) -> bool:
    """True when the named fields contain listed words and the author has not ticked 'post anyway': show the
    form again with the reminder (the words are kept in `form.kindness_words`). Call after validation."""
    ack = getattr(form, "kindness_ack", None)
    if ack is None:
        raise TypeError("the form needs KindnessFormMixin for the kindness nudge")
    text = "\n".join(str(getattr(form, name).data or "") for name in fields)
    found = check(text)
    form.kindness_words = found  # type: ignore[attr-defined]
    return bool(found) and not ack.data
