"""`flask users …`: admins and managers (`users block`/`unblock`: moderation/cli.py). Each command is idempotent."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from wijkhulp.accounts import services
from wijkhulp.accounts.models import Role
from wijkhulp.errors import DomainError

users_cli = AppGroup("users", help="Manage accounts.")


def _fail(exc: DomainError) -> click.ClickException:
    return click.ClickException(str(exc.message))


@users_cli.command("create-admin")
@click.argument("email")
@click.option("--password", help="Password for a new account (asked for when omitted and a terminal is open).")
@click.option("--name", default="Beheerder", show_default=True, help="Display name for a new account.")
def create_admin_command(email: str, password: str | None, name: str) -> None:
    """Make EMAIL an admin; creates a verified account when there is none."""
    if password is None and services.find_by_email(email) is None and sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user, created = services.create_admin(email=email, password=password, display_name=name)
    except DomainError as exc:
        raise _fail(exc) from None
    click.echo(f"{user.email} is {'created as' if created else 'now'} an admin.")


def _set_role(email: str, role: Role, label: str) -> None:
    try:
        user = services.grant_role(email=email, role=role)
    except DomainError as exc:
        raise _fail(exc) from None
    click.echo(f"{user.email} is now {label}.")


@users_cli.command("make-manager")
@click.argument("email")
def make_manager_command(email: str) -> None:
    """Give EMAIL the community-manager role."""
    _set_role(email, Role.MANAGER, "a community manager")


@users_cli.command("make-resident")
@click.argument("email")
def make_resident_command(email: str) -> None:
    """Take the manager or admin role away from EMAIL."""
    _set_role(email, Role.RESIDENT, "a resident")
