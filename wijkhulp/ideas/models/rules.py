"""Pure rules of the ideas auction: a need as typed in, an idea's outcome, the keys that name a partner."""

from __future__ import annotations

from dataclasses import dataclass

from wijkhulp.ideas.models.vocabulary import Outcome


@dataclass(frozen=True)
class NeedInput:
    """One need as typed in a form (the service checks it)."""

    type: str
    description: str
    quantity: int | None
    unit: str


def outcome_of(needs: list[tuple[int, int]]) -> Outcome:
    """(needed, accepted) per need -> the idea's outcome."""
    if needs and all(accepted >= needed for needed, accepted in needs):
        return Outcome.MATCHED
    if any(accepted > 0 for _, accepted in needs):
        return Outcome.PARTLY_MATCHED
    return Outcome.NOT_MATCHED


def organisation_key(organisation_id: int) -> str:
    return f"o:{organisation_id}"


def resident_key(user_id: int) -> str:
    return f"u:{user_id}"


def guest_key(name: str) -> str:
    return "g:" + " ".join(name.casefold().split())[:150]
