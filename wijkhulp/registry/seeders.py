"""Demo seeders: `flask demo seed` runs the seeders the manifests declare, lowest order first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from wijkhulp.registry.base import Registry


@dataclass(frozen=True)
class Seeder:
    key: str
    order: int  # lower first: accounts before neighbourhoods before the features that use them
    seed: Callable[[], str]  # idempotent, commits, returns a line to print


SEEDERS: Registry[Seeder] = Registry("demo seeder", sort_key=lambda s: (s.order, s.key))


def seeders() -> list[Seeder]:
    return SEEDERS.all()
