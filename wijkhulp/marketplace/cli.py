"""`flask listings ...`: expiry with reminders, "did it work out?" check-ins, default categories. Safe for cron."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from wijkhulp.marketplace import queries, services

listings_cli = AppGroup("listings", help="Requests and offers of help.")


@listings_cli.command("expire")
@click.option("--batch", default=services.CRON_BATCH, show_default=True, type=click.IntRange(1, 100000),
              help="Listings per transaction.")
def expire_command(batch: int) -> None:
    """Remind owners before their listing goes offline, and take expired listings offline. Safe to run again."""
    click.echo(expire_job(batch))


def expire_job(batch: int = services.CRON_BATCH) -> str:
    reminded = expired = 0
    while True:
        result = services.expire_listings(limit=batch)
        reminded, expired = reminded + result.reminded, expired + result.expired
        if result.reminded < batch and result.expired < batch:
            break
    return f"Reminded {reminded}, expired {expired}."


@listings_cli.command("send-checkins")
@click.option("--batch", default=services.CRON_BATCH, show_default=True, type=click.IntRange(1, 100000),
              help="Matches per transaction.")
def send_checkins_command(batch: int) -> None:
    """Ask "did it work out?" a few days after a match (once per match). Safe to run again."""
    click.echo(send_checkins_job(batch))


def send_checkins_job(batch: int = services.CRON_BATCH) -> str:
    total = 0
    while True:
        sent = services.send_checkins(limit=batch)
        total += sent
        if sent < batch:
            break
    return f"Sent {total} check-in(s)."


@listings_cli.command("categories")
def categories_command() -> None:
    """Add the standard categories that are missing, then list all categories."""
    added = services.ensure_default_categories()
    click.echo(f"Added {added} standard categories.")
    for category in queries.all_categories():
        click.echo(f"{category.id:>4}  {category.name}{'' if category.is_active else '  (switched off)'}")
