"""`flask settings …`: list, read, change and reset the settings an admin tunes."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from wijkhulp.errors import DomainError
from wijkhulp.registry import settings as registry
from wijkhulp.settings import services as settings_services

settings_cli = AppGroup("settings", help="Settings an admin tunes.")


def _require_spec(key: str) -> registry.SettingSpec:
    spec = registry.spec(key)
    if spec is None:
        raise click.ClickException(f"There is no setting '{key}'. 'flask settings list' shows them all.")
    return spec


@settings_cli.command("list")
def list_command() -> None:
    """Show every setting with its value; (default) marks values nobody changed."""
    for spec, value, changed in settings_services.all_values():
        click.echo(f"{spec.key} = {spec.dump(value)}" + ("" if changed else "  (default)"))


@settings_cli.command("get")
@click.argument("key")
def get_command(key: str) -> None:
    """Print the value of KEY."""
    spec = _require_spec(key)
    click.echo(spec.dump(settings_services.get(key)))


@settings_cli.command("set")
@click.argument("key")
@click.argument("value")
def set_command(key: str, value: str) -> None:
    """Give KEY a new VALUE (checked first; nothing is stored when it is not valid)."""
    spec = _require_spec(key)
    try:
        stored = settings_services.set_value(key, value)
    except DomainError as exc:
        raise click.ClickException(f"{key}: {exc.message} Nothing was saved.") from None
    click.echo(f"{key} = {spec.dump(stored)}")


@settings_cli.command("reset")
@click.argument("key")
def reset_command(key: str) -> None:
    """Put KEY back to its default value."""
    spec = _require_spec(key)
    settings_services.reset(key)
    click.echo(f"{key} = {spec.dump(spec.default)}  (default)")
