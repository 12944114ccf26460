"""The processing register (AVG art. 30) as rows, generated from the PersonalData registry (domain, read only)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from wijkhulp.privacy import retention
from wijkhulp.registry import personal_data


@dataclass(frozen=True)
class Processing:
    key: str
    purpose: str
    data_subjects: str
    data_categories: str
    recipients: str
    legal_basis: str
    retention: str


def _retention_text(entry: personal_data.PersonalData) -> str:
    parts = [_("%(label)s: %(value)s", label=label, value=value)
             for label, value in retention.describe_keys(entry.retention)]
    if entry.retention_note:
        parts.append(str(entry.retention_note))
    return " ".join(part if part.endswith(".") else part + "." for part in parts)


def processings() -> list[Processing]:
    """One row per registered PersonalData entry, in the current language, with retention from the settings."""
    return [Processing(entry.key, str(entry.purpose), str(entry.data_subjects), str(entry.data_categories),
                       str(entry.recipients), str(entry.legal_basis), _retention_text(entry))
            for entry in personal_data.holders()]
