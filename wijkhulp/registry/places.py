"""Rules on where people may live: a feature with a service area declares them, accounts and auth ask them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wijkhulp.registry.base import Registry


@dataclass(frozen=True)
class HomeAreaRule:
    """refusal(postcode) -> DomainError | None: why a person may not give this home postcode ('3601 AB')."""

    key: str
    refusal: Callable[[str], Any]


HOME_AREA_RULES: Registry[HomeAreaRule] = Registry("home area rule")


def home_postcode_refusal(postcode: str) -> Any:
    """The first refusal of a home postcode by an installed rule, or None (also when no rule is installed)."""
    for rule in HOME_AREA_RULES.all():
        refusal = rule.refusal(postcode)
        if refusal is not None:
            return refusal
    return None
