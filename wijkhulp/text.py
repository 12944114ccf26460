"""Plain-text rules (a low, pure module): cleaning what people type, search words, LIKE patterns."""

from __future__ import annotations

import re

_SPACES = re.compile(r"[ \t\f\v]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_line(text: str | None) -> str:
    """One line of plain text: surrounding and repeated spaces removed."""
    return _SPACES.sub(" ", (text or "").replace("\r", " ").replace("\n", " ")).strip()


def clean_text(text: str | None) -> str:
    """Plain text with paragraphs: Windows line ends unified, at most one empty line in a row."""
    lines = [_SPACES.sub(" ", line).strip() for line in (text or "").replace("\r\n", "\n").replace("\r", "\n")
             .split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def search_words(query: str | None, limit: int = 5) -> list[str]:
    """'  Boodschappen  Maarssen ' -> ['boodschappen', 'maarssen']; short words and extra words are dropped."""
    words = [w for w in re.split(r"\s+", (query or "").strip().lower()) if len(w) >= 2]
    return list(dict.fromkeys(words))[:limit]


def like_pattern(word: str) -> str:
    """A LIKE pattern for 'word' anywhere, with % and _ escaped (use escape='\\')."""
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
