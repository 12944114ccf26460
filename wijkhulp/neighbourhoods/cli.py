"""`flask neighbourhoods …`: list, add, set areas, remove; show or set the service area."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from wijkhulp.errors import DomainError
from wijkhulp.geo.postcodes import compact_pc4_list
from wijkhulp.neighbourhoods import queries, services

neighbourhoods_cli = AppGroup("neighbourhoods", help="Neighbourhoods and the service area.")


def _refuse(exc: DomainError) -> click.ClickException:
    return click.ClickException(f"{exc.message} Nothing was changed.")


def _areas_line(pc4s: list[str]) -> str:
    if not pc4s:
        return "no postcode areas"
    places = ", ".join(queries.place_names(pc4s))
    count = "1 area" if len(pc4s) == 1 else f"{len(pc4s)} areas"
    return f"{compact_pc4_list(pc4s)} ({count}: {places})"


@neighbourhoods_cli.command("list")
def list_command() -> None:
    """Show every neighbourhood with its postcode areas."""
    neighbourhoods = queries.all_neighbourhoods()
    if not neighbourhoods:
        click.echo("No neighbourhoods yet.")
    for neighbourhood in neighbourhoods:
        click.echo(f"{neighbourhood.name}: {_areas_line(neighbourhood.pc4s)}")


@neighbourhoods_cli.command("add")
@click.argument("name")
@click.option("--areas", default=None, help='Postcode areas, such as "3601-3608, 3612".')
@click.option("--description", default="", help="A few words about the neighbourhood.")
def add_command(name: str, areas: str | None, description: str) -> None:
    """Add neighbourhood NAME; does nothing when it already exists with these areas."""
    existing = queries.find_by_name(name)
    try:
        if existing is not None:
            wanted = existing.pc4s if areas is None else services.parse_areas(areas)
            if wanted != existing.pc4s:
                raise click.ClickException(
                    f"There is already a neighbourhood '{existing.name}' with other areas "
                    f"({existing.areas_text or 'none'}). Use 'flask neighbourhoods set-areas' to change them.")
            click.echo(f"{existing.name} already exists: {_areas_line(existing.pc4s)}. Nothing changed.")
            return
        neighbourhood = services.create_neighbourhood(name=name, areas=areas or "", description=description)
    except DomainError as exc:
        raise _refuse(exc) from None
    click.echo(f"Added {neighbourhood.name}: {_areas_line(neighbourhood.pc4s)}.")


@neighbourhoods_cli.command("set-areas")
@click.argument("name")
@click.argument("areas")
def set_areas_command(name: str, areas: str) -> None:
    """Give neighbourhood NAME exactly the postcode AREAS, such as "3601-3608, 3612"."""
    try:
        neighbourhood = services.set_areas(queries.require_by_name(name).id, areas)
    except DomainError as exc:
        raise _refuse(exc) from None
    click.echo(f"{neighbourhood.name}: {_areas_line(neighbourhood.pc4s)}.")


@neighbourhoods_cli.command("remove")
@click.argument("name")
def remove_command(name: str) -> None:
    """Delete neighbourhood NAME (the postcode areas themselves stay); nothing happens when it is gone."""
    existing = queries.find_by_name(name)
    if existing is None:
        click.echo(f"There is no neighbourhood '{name}'. Nothing to remove.")
        return
    removed = services.delete_neighbourhood(existing.id)
    click.echo(f"Removed {removed}.")


@neighbourhoods_cli.command("service-area")
@click.argument("areas", required=False)
def service_area_command(areas: str | None) -> None:
    """Show the service area, or set it to AREAS ("3601-3608, 3611"; "all" or "" for the whole country)."""
    if areas is not None:
        try:
            services.set_service_area(areas)
        except DomainError as exc:
            raise _refuse(exc) from None
    codes = services.service_area_pc4s()
    if codes is None:
        click.echo("Service area: all of the Netherlands.")
    else:
        click.echo(f"Service area: {_areas_line(sorted(codes))}.")
