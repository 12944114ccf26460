"""`flask demo seed`: idempotent demo data. Features register their seeders here, lowest layer first."""

from __future__ import annotations

from collections.abc import Callable

import click
from flask.cli import AppGroup

demo_cli = AppGroup("demo", help="Demo data.")

# (order, name, seeder); a seeder is idempotent, commits, and returns a line to print.
_SEEDERS: list[tuple[int, str, Callable[[], str]]] = []


def register_seeder(order: int, name: str, seeder: Callable[[], str]) -> None:
    if all(existing != name for _, existing, _ in _SEEDERS):
        _SEEDERS.append((order, name, seeder))


def seed_all() -> list[str]:
    _import_seeders()
    return [f"{name}: {seeder()}" for _, name, seeder in sorted(_SEEDERS, key=lambda s: s[0])]


def _import_seeders() -> None:
    """Each feature's demo module registers itself when imported."""
    import importlib
    import pkgutil

    import wijkhulp

    for module in pkgutil.iter_modules(wijkhulp.__path__):
        if module.ispkg:
            try:
                importlib.import_module(f"wijkhulp.{module.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"wijkhulp.{module.name}.demo":
                    raise


@demo_cli.command("seed")
def seed_command() -> None:
    """Load demo data (safe to run again: nothing is added twice)."""
    for line in seed_all():
        click.echo(line)
