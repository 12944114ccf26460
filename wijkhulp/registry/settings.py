"""The catalogue of settings: each feature's manifest declares its keys with a type, default and bounds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l

from wijkhulp.geo.postcodes import compact_pc4_list, parse_pc4_list
from wijkhulp.registry.base import Registry
from wijkhulp.text import EXAMPLE_DATE


class SettingValueError(ValueError):
    def __init__(self, message: Any) -> None:
        self.message = message
        super().__init__(str(message))


@dataclass(frozen=True)
class SettingSpec:
    key: str
    kind: str  # int | bool | str | text (several lines) | email | pc4list | date (ISO, or "") | choice
    default: Any
    label: Any
    help: Any = ""
    minimum: int | None = None
    maximum: int | None = None
    group: Any = _l("General")
    max_length: int = 500
    choices: tuple[tuple[str, Any], ...] = ()  # (value, label) for kind "choice"

    def parse(self, raw: str) -> Any:
        """Text as typed by a person -> the typed value; raises SettingValueError with a clear message."""
        text = (raw or "").strip()
        if self.kind == "int":
            try:
                value = int(text)
            except ValueError:
                raise SettingValueError(_l("Enter a whole number.")) from None
            if self.minimum is not None and value < self.minimum:
                raise SettingValueError(_l("The lowest allowed value is %(n)s.", n=self.minimum))
            if self.maximum is not None and value > self.maximum:
                raise SettingValueError(_l("The highest allowed value is %(n)s.", n=self.maximum))
            return value
        if self.kind == "bool":
            lowered = text.lower()
            if lowered in {"1", "true", "yes", "ja", "on", "aan"}:
                return True
            if lowered in {"0", "false", "no", "nee", "off", "uit", ""}:
                return False
            raise SettingValueError(_l("Choose yes or no."))
        if len(text) > self.max_length:
            raise SettingValueError(_l("Use at most %(n)s characters.", n=self.max_length))
        if self.kind == "email":
            if not text:
                return ""
            try:
                return validate_email(text, check_deliverability=False).normalized
            except EmailNotValidError:
                raise SettingValueError(_l("Enter an e-mail address, for example naam@gemeente.nl.")) from None
        if self.kind == "date":
            return _parse_date(text)
        if self.kind == "choice":
            allowed = [value for value, _label in self.choices]
            if text not in allowed:
                raise SettingValueError(_l("Choose one of the options."))
            return text
        if self.kind == "pc4list":
            try:
                return compact_pc4_list(parse_pc4_list(text))
            except ValueError as exc:
                raise SettingValueError(
                    _l("'%(part)s' is not a postcode area. Use four digits, such as 3601, or a range, "
                       "such as 3601-3608.", part=str(exc))) from None
        return text

    def dump(self, value: Any) -> str:
        if self.kind == "bool":
            return "true" if value else "false"
        return str(value)

    def load(self, stored: str) -> Any:
        try:
            return self.parse(stored)
        except SettingValueError:
            return self.default


_DUTCH_DATE = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})")


def _parse_date(text: str) -> str:
    """"30-09-2027" (as people type it) or "2027-09-30" -> "2027-09-30"; "" stays "" (not filled in)."""
    if not text:
        return ""
    try:
        match = _DUTCH_DATE.fullmatch(text)
        day = (date(int(match[3]), int(match[2]), int(match[1])) if match is not None
               else date.fromisoformat(text))
    except ValueError:
        raise SettingValueError(_l("Enter a date as day-month-year, for example %(example)s.", example=EXAMPLE_DATE)) from None
    if not 2000 <= day.year <= 2099:
        raise SettingValueError(_l("Enter a date between 2000 and 2099."))
    return day.isoformat()


class _SettingRegistry(Registry[SettingSpec]):
    def add(self, entry: SettingSpec) -> SettingSpec:
        existing = self.get(entry.key)
        if existing is not None and existing != entry:
            raise RuntimeError(f"setting {entry.key} declared twice with different definitions")
        return super().add(entry)


SETTINGS: Registry[SettingSpec] = _SettingRegistry("setting", sort_key=lambda s: (str(s.group), s.key))


def spec(key: str) -> SettingSpec | None:
    return SETTINGS.get(key)


def all_specs() -> list[SettingSpec]:
    return SETTINGS.all()
