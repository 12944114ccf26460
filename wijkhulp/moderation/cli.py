"""`flask moderation …`: which community manager looks after which neighbourhood; `flask users block`/`unblock`
(moderation owns blocking, so these commands live here). Idempotent."""

from __future__ import annotations

import click
from flask.cli import AppGroup, with_appcontext

from wijkhulp.accounts import services as accounts
from wijkhulp.errors import DomainError
from wijkhulp.moderation import services
from wijkhulp.moderation.models import NothingToDo
from wijkhulp.neighbourhoods import queries as neighbourhoods

moderation_cli = AppGroup("moderation", help="Community managers and their neighbourhoods.")


def _people(email: str, neighbourhood: str) -> tuple[int, int]:
    try:
        user = accounts.require_by_email(email)
        return user.id, neighbourhoods.require_by_name(neighbourhood).id
    except DomainError as exc:
        raise click.ClickException(str(exc.message)) from None


@moderation_cli.command("assign-manager")
@click.argument("email")
@click.argument("neighbourhood")
def assign_command(email: str, neighbourhood: str) -> None:
    """Let manager EMAIL look after NEIGHBOURHOOD (by name)."""
    user_id, neighbourhood_id = _people(email, neighbourhood)
    try:
        added = services.assign_manager(None, neighbourhood_id=neighbourhood_id, user_id=user_id)
    except DomainError as exc:
        raise click.ClickException(str(exc.message)) from None
    click.echo(f"{email} {'now looks' if added else 'already looked'} after {neighbourhood}.")


@moderation_cli.command("unassign-manager")
@click.argument("email")
@click.argument("neighbourhood")
def unassign_command(email: str, neighbourhood: str) -> None:
    """Stop manager EMAIL looking after NEIGHBOURHOOD."""
    user_id, neighbourhood_id = _people(email, neighbourhood)
    removed = services.unassign_manager(None, neighbourhood_id=neighbourhood_id, user_id=user_id)
    click.echo(f"{email} {'no longer looks' if removed else 'did not look'} after {neighbourhood}.")


@moderation_cli.command("managers")
def list_command() -> None:
    """Show every neighbourhood with its managers."""
    from wijkhulp.moderation import queries

    people = {m.id: m for m in queries.managers()}
    for n in neighbourhoods.all_neighbourhoods():
        names = [people[a.user_id].email for a in n.manager_assignments if a.user_id in people]
        click.echo(f"{n.name}: {', '.join(names) if names else '-'}")


def _user_id(email: str) -> int:
    try:
        return accounts.require_by_email(email).id
    except DomainError as exc:
        raise click.ClickException(str(exc.message)) from None


@click.command("block")
@with_appcontext
@click.argument("email")
@click.option("--reason", required=True, help="Why; the person reads it.")
def block_command(email: str, reason: str) -> None:
    """Block EMAIL: no sign-in, every session ends; the person gets the reason by e-mail."""
    try:
        services.block_user(None, _user_id(email), reason)
    except NothingToDo:
        click.echo(f"{email} was blocked already.")
        return
    except DomainError as exc:
        raise click.ClickException(str(exc.message)) from None
    click.echo(f"{email} is blocked.")


@click.command("unblock")
@with_appcontext
@click.argument("email")
def unblock_command(email: str) -> None:
    """Lift the block on EMAIL; the person is told."""
    try:
        services.unblock_user(None, _user_id(email))
    except NothingToDo:
        click.echo(f"{email} was not blocked.")
        return
    except DomainError as exc:
        raise click.ClickException(str(exc.message)) from None
    click.echo(f"{email} is no longer blocked.")
