"""The Dutch catalogue is complete: every msgid in the code has a Dutch translation, none fuzzy."""

from __future__ import annotations

import os
import pathlib

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = pathlib.Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "wijkhulp" / "translations" / "nl" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None,
            "lazy_ngettext": (1, 2)}
METHODS = [("**.py", "python"), ("templates/**.html", "jinja2"), ("templates/**.txt", "jinja2")]


def _source_msgids() -> set[str]:
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
            str(ROOT / "wijkhulp"), METHODS, keywords=KEYWORDS,
            options_map={"templates/**.html": {"extensions": "jinja2.ext.do"}},
            directory_filter=lambda path: not os.path.basename(path).startswith((".", "__"))):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def _catalogue():
    with CATALOGUE.open("rb") as handle:
        return read_po(handle, locale="nl")


def test_every_msgid_is_in_the_dutch_catalogue() -> None:
    catalogue = _catalogue()
    missing = sorted(m for m in _source_msgids() if m and m not in catalogue)
    assert not missing, f"{len(missing)} strings are not in the nl catalogue (run make extract-messages): {missing[:20]}"


def test_dutch_catalogue_has_no_empty_or_fuzzy_entries() -> None:
    problems = []
    for message in _catalogue():
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            problems.append(message.id)
    assert not problems, f"{len(problems)} untranslated or fuzzy: {problems[:20]}"


def test_placeholders_survive_translation() -> None:
    import re

    pattern = re.compile(r"%\((\w+)\)s")
    for message in _catalogue():
        if not message.id or isinstance(message.id, tuple):
            continue
        assert set(pattern.findall(message.id)) == set(pattern.findall(message.string or message.id)), message.id
