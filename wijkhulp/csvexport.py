"""The one CSV writer for every export (a low root module): RFC 4180, UTF-8 with a byte-order mark, in two
variants. `COMMA` (the default) has commas, decimal points and short English column keys, for scripts and
international programs; `EXCEL` has semicolons, decimal commas and Dutch column names, as Dutch Excel opens a file
by double-clicking it.

Both are safe to open: a text cell that a spreadsheet would run as a formula (starting with = + - @, a tab or a
carriage return) gets a leading apostrophe, and a cell holding either separator, a quote, a tab or a line end is
quoted. Quotes only count at the start of a field, though: Dutch Excel opening the comma file splits
`1,"x;=1+1"` on the semicolon and would run `=1+1"`. So a formula character right after a separator or a line end
inside a cell gets the apostrophe too (`x;'=1+1`), whichever program and separator open the file."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from flask import Response

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NEEDS_QUOTES = frozenset(',;"\r\n\t')
_FORMULA_AFTER_SEPARATOR = re.compile(r"([,;\t\r\n][ \"]*)(?=[=+\-@])")  # spaces and quotes: a spreadsheet skips them


@dataclass(frozen=True)
class Variant:
    delimiter: str
    decimal: str
    dutch_header: bool
    suffix: str  # added to the file name


COMMA = Variant(delimiter=",", decimal=".", dutch_header=False, suffix="")
EXCEL = Variant(delimiter=";", decimal=",", dutch_header=True, suffix="-excel")


@dataclass(frozen=True)
class Column:
    """A column: `key` heads the comma file, `label` (a lazy Dutch text) the Excel file."""

    key: str
    label: Any


def variant_for(format_name: str | None) -> Variant:
    """?format=excel chooses the Excel variant; anything else the comma file."""
    return EXCEL if format_name == "excel" else COMMA


def cell(value: Any, variant: Variant = COMMA) -> str:
    """One value as cell text, before quoting: None is empty, booleans 1/0, numbers stay numbers (with the
    variant's decimal mark); text that starts like a formula is defused with a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        return str(value).replace(".", variant.decimal)
    text = _FORMULA_AFTER_SEPARATOR.sub(r"\1'", str(value))
    return "'" + text if text.lstrip(' "').startswith(_FORMULA_START) else text


def _quoted(text: str) -> str:
    if _NEEDS_QUOTES.intersection(text) or text != text.strip(" "):
        return '"' + text.replace('"', '""') + '"'
    return text


def _line(values: Iterable[Any], variant: Variant) -> str:
    # Numbers are never quoted, so a spreadsheet reads them as numbers; their text holds no separator of the
    # variant (the Excel variant's decimal comma is not its separator).
    return variant.delimiter.join(
        cell(v, variant) if isinstance(v, int | float | Decimal) else _quoted(cell(v, variant))
        for v in values) + "\r\n"


def csv_text(header: Sequence[Any], rows: Iterable[Sequence[Any]], variant: Variant = COMMA) -> str:
    """The file's text. `header` holds Columns (key or Dutch label by variant) or plain names."""
    names = [(c.label if variant.dutch_header else c.key) if isinstance(c, Column) else c for c in header]
    return _line(names, variant) + "".join(_line(row, variant) for row in rows)


def csv_response(filename: str, header: Sequence[Any], rows: Iterable[Sequence[Any]],
                 variant: Variant = COMMA) -> Response:
    """A download that is not cached (exports hold personal data). `filename` ends in .csv."""
    if variant.suffix and filename.endswith(".csv"):
        filename = filename[:-4] + variant.suffix + ".csv"
    body = "\ufeff" + csv_text(header, rows, variant)
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})
