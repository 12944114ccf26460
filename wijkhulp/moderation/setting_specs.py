"""Moderation's settings, declared in the manifest as SPECS."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from wijkhulp.kindness import DEFAULT_WORDS
from wijkhulp.registry.settings import SettingSpec

GROUP = _l("Moderation")

REPORT_THRESHOLD = "report_threshold"
PREMODERATION = "premoderation"
KINDNESS_WORDS = "kindness_words"
KINDNESS_WORDS_MAX = 5000

SPECS = (
    SettingSpec(REPORT_THRESHOLD, "int", 3, _l("Reports before something goes offline"),
        _l("When this many different residents have reported something, it goes offline at once "
        "until a community manager has looked at it."), minimum=1, maximum=20, group=GROUP),
    SettingSpec(PREMODERATION, "bool", False, _l("Check first posts of new accounts"),
        _l("When this is on, what a new resident posts is only shown after a community manager "
        "has approved their first post."), group=GROUP),
    SettingSpec(KINDNESS_WORDS, "str", ", ".join(DEFAULT_WORDS), _l("Words for the kindness reminder"),
        _l("Before a message, reaction, request or offer with one of these words is posted, the "
        "writer gets a friendly reminder. Separate the words with commas or put one on each line. A word ending in * "
        "also matches longer words."), group=GROUP, max_length=KINDNESS_WORDS_MAX),
)
