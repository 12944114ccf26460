"""Registry of personal data held by features, so accounts can export and erase it without importing them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wijkhulp.accounts.models import User


@dataclass(frozen=True)
class PersonalData:
    name: str
    export: Callable[["User"], Any]
    erase: Callable[["User"], None]  # flush only; leaves what others need, attributed to "a former resident"


_HOLDERS: dict[str, PersonalData] = {}


def register_personal_data(name: str, *, export: Callable[["User"], Any], erase: Callable[["User"], None]) -> None:
    _HOLDERS[name] = PersonalData(name, export, erase)


def holders() -> list[PersonalData]:
    return [_HOLDERS[k] for k in sorted(_HOLDERS)]
