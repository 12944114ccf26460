"""Plain-text rules (a low, pure module): cleaning what people type, search words, LIKE patterns."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

_SPACES = re.compile(r"[ \t\f\v]+")
_BLANK_LINES = re.compile(r"\n{3,}")

# Control characters nobody types: NUL and the rest of C0 (but tab, newline and carriage return), DEL. A request
# holding one is refused (PostgreSQL cannot even store NUL).
_FORBIDDEN_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Invisible characters that hide or reorder text: C1 controls, soft hyphen, zero-width space, left-to-right and
# right-to-left marks and embeddings/overrides (U+202A-U+202E), word joiner and invisible operators, bidi isolates
# (U+2066-U+2069), the byte-order mark / zero-width no-break space. Zero-width (non-)joiners U+200C/U+200D stay:
# emoji and some scripts need them.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u180e\u200b\u200e\u200f"
                        r"\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def has_forbidden_control(text: str | None) -> bool:
    """True when `text` holds NUL or another control character that no keyboard produces."""
    return bool(text) and _FORBIDDEN_CONTROL.search(text) is not None


def strip_invisible(text: str | None) -> str:
    """`text` without control characters (tabs and line ends stay) and invisible or direction-changing marks."""
    return _INVISIBLE.sub("", text or "")


def clean_line(text: str | None) -> str:
    """One line of plain text: invisible characters, surrounding and repeated spaces removed."""
    return _SPACES.sub(" ", strip_invisible(text).replace("\r", " ").replace("\n", " ")).strip()


def clean_text(text: str | None) -> str:
    """Plain text with paragraphs: invisible characters removed, Windows line ends unified, at most one empty line
    in a row."""
    lines = [_SPACES.sub(" ", line).strip() for line in strip_invisible(text).replace("\r\n", "\n")
             .replace("\r", "\n").split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def search_words(query: str | None, limit: int = 5) -> list[str]:
    """'  Boodschappen  Maarssen ' -> ['boodschappen', 'maarssen']; short words and extra words are dropped."""
    words = [w for w in re.split(r"\s+", (query or "").strip().lower()) if len(w) >= 2]
    return list(dict.fromkeys(words))[:limit]


def like_pattern(word: str) -> str:
    """A LIKE pattern for 'word' anywhere, with % and _ escaped (use escape='\\')."""
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class ExampleDate:
    """A date in a hint, in the format people type it ("30-09-2027", with `time` "30-09-2027 17:00"): always in
    the future, about ten months from today (Dutch time), worked out when the text is shown, so a hint never
    shows a date that has passed. Use it as a parameter of a (lazy) text: "for example %(example)s"."""

    def __init__(self, time: str | None = None, days_ahead: int = 300) -> None:
        self.time = time
        self.days_ahead = days_ahead

    def day(self) -> date:
        from wijkhulp.database import LOCAL_TZ

        return datetime.now(LOCAL_TZ).date() + timedelta(days=self.days_ahead)

    def __str__(self) -> str:
        text = self.day().strftime("%d-%m-%Y")
        return f"{text} {self.time}" if self.time else text

    def __repr__(self) -> str:
        return f"ExampleDate({str(self)!r})"


EXAMPLE_DATE = ExampleDate()
EXAMPLE_DATE_TIME = ExampleDate(time="17:00")
