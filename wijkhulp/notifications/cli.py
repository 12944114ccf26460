"""`flask mail ...`: deliver the outbox, queue daily overviews, show the state of the queue. Safe for cron."""

from __future__ import annotations

from datetime import timedelta

import click
from flask.cli import AppGroup

from wijkhulp.notifications import queries
from wijkhulp.notifications.services import digests, mail

mail_cli = AppGroup("mail", help="Outgoing mail.")


def _send_all(limit: int) -> mail.SendResult:
    """Batches until nothing is due: sent and failed mails both stop being due, so this ends."""
    total = mail.SendResult()
    while True:
        result = mail.send_queued(limit=limit)
        total += result
        if result.handled < limit:
            return total


@mail_cli.command("send-queued")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1, 10000),
              help="Mails per batch.")
def send_queued_command(limit: int) -> None:
    """Send the mail that is due. Failed mail stays queued and is tried again later."""
    click.echo(send_queued_job(limit))


def send_queued_job(limit: int = 100) -> str:
    result = _send_all(limit)
    return f"Sent {result.sent}, failed {result.failed} (kept for a later try)."


@mail_cli.command("send-digests")
@click.option("--send/--no-send", default=True, show_default=True,
              help="Also deliver the overviews right away (otherwise send-queued does it).")
def send_digests_command(send: bool) -> None:
    """Queue one daily overview per person (nothing twice), then deliver the queue."""
    click.echo(send_digests_job())
    if send:
        click.echo(send_queued_job())


def send_digests_job() -> str:
    return f"Queued {digests.send_digests()} daily overview(s)."


@mail_cli.command("status")
def status_command() -> None:
    """Count queued, retrying, failed and sent mail."""
    counts = queries.mail_status()
    click.echo(f"queued: {counts['queued']}")
    click.echo(f"retrying: {counts['retrying']}")
    click.echo(f"failed: {counts['failed']}")
    click.echo(f"sent: {counts['sent']}")
    click.echo(f"notifications waiting for a daily overview: {counts['digest_waiting']}")


@mail_cli.command("retry-failed")
def retry_failed_command() -> None:
    """Queue again the mail that was given up on after too many attempts."""
    click.echo(f"Queued again: {mail.retry_failed()}.")


@mail_cli.command("prune")
@click.option("--days", default=90, show_default=True, type=click.IntRange(1, 3650),
              help="Keep sent mail for this many days.")
def prune_command(days: int) -> None:
    """Delete sent mail older than DAYS days. Mail that was not sent is kept."""
    click.echo(f"Deleted {mail.prune_sent(older_than=timedelta(days=days))} sent mail(s).")
