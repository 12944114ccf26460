"""`flask postcodes …`: load and inspect the PC4 data."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from wijkhulp.geo import services
from wijkhulp.geo.postcodes import PostcodeFileError

postcodes_cli = AppGroup("postcodes", help="Postcode areas (PC4).")


@postcodes_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False), required=False)
def import_command(path: str | None) -> None:
    """Load PC4 areas from PATH (GeoNames NL.txt or the project's pc4.tsv); default: the shipped file."""
    path = path or current_app.config["POSTCODE_DATA_FILE"]
    try:
        with open(path, encoding="utf-8") as handle:
            result = services.import_areas(handle)
    except PostcodeFileError as exc:
        raise click.ClickException(f"{path}: {exc}. Nothing was changed.") from None
    except UnicodeDecodeError:
        raise click.ClickException(f"{path}: not a UTF-8 text file. Nothing was changed.") from None
    click.echo(f"Postcode areas: {result.added} added, {result.updated} updated, {result.removed} removed.")


@postcodes_cli.command("ensure")
def ensure_command() -> None:
    """Load the shipped PC4 file when the table is empty (used by make run)."""
    if services.area_count() > 0:
        click.echo(f"Postcode areas present: {services.area_count()}.")
        return
    with open(current_app.config["POSTCODE_DATA_FILE"], encoding="utf-8") as handle:
        result = services.import_areas(handle)
    click.echo(f"Postcode areas loaded: {result.added}.")


@postcodes_cli.command("show")
@click.argument("query")
def show_command(query: str) -> None:
    """Show the area for a PC4, a postcode or a place name."""
    from wijkhulp.errors import DomainError

    try:
        area = services.locate(query)
    except DomainError as exc:
        raise click.ClickException(str(exc.message)) from None
    click.echo(f"{area.pc4}\t{area.place}\t{area.province}\t{area.latitude}\t{area.longitude}")
