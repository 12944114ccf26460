"""`flask demo seed`: idempotent demo data from the seeders that the features' manifests declare."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from wijkhulp.registry.seeders import seeders

demo_cli = AppGroup("demo", help="Demo data.")


def seed_all() -> list[str]:
    """Run every seeder, lowest order first; each is idempotent and commits."""
    return [f"{seeder.key}: {seeder.seed()}" for seeder in seeders()]


@demo_cli.command("seed")
def seed_command() -> None:
    """Load demo data (safe to run again: nothing is added twice)."""
    for line in seed_all():
        click.echo(line)
