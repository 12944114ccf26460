"""Personal data held by features, so accounts can export and erase it without importing them, and the admin's
processing register (AVG article 30) is generated from the same entries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wijkhulp.registry.base import Registry

# The texts a processing register needs (AVG art. 30 lid 1): each entry must fill every one of them.
REGISTER_FIELDS = ("purpose", "data_subjects", "data_categories", "recipients", "legal_basis")


def _blank(value: Any) -> bool:
    """None or empty text; a lazy text (checked without translating it: manifests load outside a request)."""
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass(frozen=True)
class PersonalData:
    """One processing of personal data by a feature.

    export, erase     the data download and account deletion (erase flushes only; it leaves what others need,
                      attributed to "a former resident")
    purpose           why we process it
    data_subjects     whose data it is (residents, organisation members, staff, ...)
    data_categories   which data
    recipients        who gets to see it
    legal_basis       the ground of AVG art. 6 (and art. 9 where special data may occur)
    retention         keys of the settings that say how long it is kept (shown with their current values)
    retention_note    what else decides how long it is kept (a fixed period, "as long as the account exists")
    """

    key: str
    export: Callable[[Any], Any]
    erase: Callable[[Any], None]
    purpose: Any
    data_subjects: Any
    data_categories: Any
    recipients: Any
    legal_basis: Any
    retention: tuple[str, ...] = ()
    retention_note: Any = ""

    def __post_init__(self) -> None:
        for name in REGISTER_FIELDS:
            if _blank(getattr(self, name)):
                raise ValueError(f"personal data {self.key!r}: {name} is required for the processing register")
        if not self.retention and _blank(self.retention_note):
            raise ValueError(f"personal data {self.key!r}: give retention setting keys or a retention_note")

    @property
    def name(self) -> str:
        """The section name in the data download."""
        return self.key


PERSONAL_DATA: Registry[PersonalData] = Registry("personal data", sort_key=lambda p: p.key)


def holders() -> list[PersonalData]:
    return PERSONAL_DATA.all()
