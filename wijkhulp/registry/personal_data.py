"""Personal data held by features, so accounts can export and erase it without importing them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wijkhulp.registry.base import Registry


@dataclass(frozen=True)
class PersonalData:
    key: str
    export: Callable[[Any], Any]
    erase: Callable[[Any], None]  # flush only; leaves what others need, attributed to "a former resident"

    @property
    def name(self) -> str:
        """The section name in the data download."""
        return self.key


PERSONAL_DATA: Registry[PersonalData] = Registry("personal data", sort_key=lambda p: p.key)


def holders() -> list[PersonalData]:
    return PERSONAL_DATA.all()
