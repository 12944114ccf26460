"""The catalogue of settings: each feature registers its keys with a type, default and bounds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l

from wijkhulp.geo.postcodes import compact_pc4_list, parse_pc4_list


class SettingValueError(ValueError):
    def __init__(self, message: Any) -> None:
        self.message = message
        super().__init__(str(message))


@dataclass(frozen=True)
class SettingSpec:
    key: str
    kind: str  # int | bool | str | email | pc4list
    default: Any
    label: Any
    help: Any = ""
    minimum: int | None = None
    maximum: int | None = None
    group: Any = _l("General")
    max_length: int = 500

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


_SPECS: dict[str, SettingSpec] = {}


def register(spec: SettingSpec) -> SettingSpec:
    existing = _SPECS.get(spec.key)
    if existing is not None and existing != spec:
        raise RuntimeError(f"setting {spec.key} registered twice with different definitions")
    _SPECS[spec.key] = spec
    return spec


def spec(key: str) -> SettingSpec | None:
    return _SPECS.get(key)


def all_specs() -> list[SettingSpec]:
    return sorted(_SPECS.values(), key=lambda s: (str(s.group), s.key))


GENERAL = _l("General")
CONTACT = _l("Contact")

register(SettingSpec("site_name", "str", "wijkhulp", _l("Name of the site"), group=GENERAL, max_length=60))
register(SettingSpec("municipality_name", "str", "Gemeente Stichtse Vecht", _l("Name of the municipality"),
                     group=GENERAL, max_length=100))
register(SettingSpec("contact_name", "str", "Het team van wijkhulp", _l("Name of the community manager"),
                     group=CONTACT, max_length=100))
register(SettingSpec("contact_email", "email", "wijkhulp@example.org", _l("E-mail of the community manager"),
                     group=CONTACT))
register(SettingSpec("contact_phone", "str", "14 0346", _l("Phone number of the community manager"),
                     group=CONTACT, max_length=30))
register(SettingSpec("contact_hours", "str", "maandag tot en met vrijdag, 9.00 tot 17.00 uur",
                     _l("When the community manager can be reached"), group=CONTACT, max_length=200))
register(SettingSpec("service_area", "pc4list", "", _l("Service area"),
                     _l("The postcode areas this site serves, such as 3601-3608, 3611. Leave empty for all of "
                        "the Netherlands."), group=GENERAL, max_length=5000))
