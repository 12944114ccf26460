"""`flask demo seed`: idempotent demo data from the seeders that the features' manifests declare."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from wijkhulp.errors import DomainError
from wijkhulp.geo import services as geo
from wijkhulp.registry.seeders import seeders

DEMO_PC4 = "3601"  # Maarssen: the demo's neighbourhoods, people and listings lie in Stichtse Vecht

demo_cli = AppGroup("demo", help="Demo data.")


def seed_all() -> list[str]:
    """Run every seeder, lowest order first; each is idempotent and commits."""
    return [f"{seeder.key}: {seeder.seed()}" for seeder in seeders()]


@demo_cli.command("seed")
def seed_command() -> None:
    """Load demo data (safe to run again: nothing is added twice). Needs the postcode data first."""
    if geo.area_count() == 0 or geo.get_area(DEMO_PC4) is None:
        raise click.ClickException(
            "The demo needs the postcode areas, and this database has none (or not those of Stichtse Vecht). "
            "Load them first with `flask postcodes ensure` (or `flask postcodes import FILE`), then run "
            "`flask demo seed` again.")
    try:
        lines = seed_all()
    except DomainError as exc:
        raise click.ClickException(f"The demo data could not be loaded: {exc.message}") from None
    for line in lines:
        click.echo(line)
