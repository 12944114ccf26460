"""Names people trust: folding a display name so look-alikes compare equal (pure, no Flask, no database).

"Wijkhu1p", "WIJKHÜLP", "Wіjkhulp" (Cyrillic і) and "w i j k h u l p" all fold to "wijkhulp".
"""

from __future__ import annotations

import unicodedata

RESERVED_WORDS = ("wijkhulp", "gemeente", "beheer", "beheerder", "wijkmanager", "moderator", "admin")

# Digits and signs used as letters, and Cyrillic/Greek letters that look like Latin ones (after NFKC, lower case).
_CONFUSABLES = str.maketrans({
    "0": "o", "1": "i", "l": "i", "|": "i", "!": "i", "3": "e", "4": "a", "@": "a", "5": "s", "$": "s",
    "7": "t", "8": "b", "9": "g",
    # Cyrillic
    "а": "a", "в": "b", "с": "c", "е": "e", "ё": "e", "һ": "h", "і": "i", "ї": "i", "ј": "j", "к": "k",
    "м": "m", "н": "h", "о": "o", "р": "p", "ѕ": "s", "т": "t", "у": "y", "х": "x", "ԁ": "d", "ԛ": "q",
    "ԝ": "w", "ӏ": "i", "г": "r", "п": "n", "и": "u", "ь": "b",
    # Greek
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
    "υ": "u", "χ": "x", "μ": "u", "ω": "w", "γ": "y", "ϲ": "c", "ϳ": "j",
})


def fold(name: str) -> str:
    """Lower case, without accents, spaces or punctuation, look-alike letters replaced: for comparing only."""
    text = unicodedata.normalize("NFKC", name or "").casefold()
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = text.translate(_CONFUSABLES)
    return "".join(c for c in text if c.isalnum())


def reserved_word_in(name: str, words: tuple[str, ...] | list[str]) -> str | None:
    """The first reserved word hidden in `name` (folded), or None."""
    folded = fold(name)
    for word in words:
        wanted = fold(word)
        if wanted and wanted in folded:
            return word
    return None
