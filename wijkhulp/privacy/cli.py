"""`flask privacy purge`: remove or anonymise what is past its retention period. Idempotent, safe for cron."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from wijkhulp.privacy import services

privacy_cli = AppGroup("privacy", help="Retention of personal data.")

STEPS = (
    ("closed listings anonymised", services.purge_closed_listings),
    ("messages deleted", services.purge_conversations),
    ("thank-you notes deleted", services.purge_thank_you_notes),
    ("notifications deleted", services.purge_notifications),
    ("sent mails deleted", services.purge_sent_mail),
    ("inactive accounts warned", services.warn_inactive_accounts),
    ("inactive accounts deleted", services.delete_inactive_accounts),
)


@privacy_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="Only report what would be done; change nothing.")
def purge_command(dry_run: bool) -> None:
    """Remove or anonymise personal data past the retention settings, warn inactive residents a month before
    their account is deleted, and print what was done. Records of neighbourhood plans are kept."""
    if dry_run:
        click.echo("Dry run: nothing is changed; the counts say what a real run would do.")
    for label, step in STEPS:
        click.echo(f"{label.capitalize()}: {step(dry_run=dry_run)}")
    staff = services.inactive_staff()
    click.echo(f"Inactive staff accounts (kept, check them yourself): {len(staff)}")
    for item in staff:
        click.echo(f"  {item.user.email} ({item.user.role.value}), last active {item.last_active_at:%Y-%m-%d}")


def purge_job() -> str:
    """`flask jobs run`: the same steps once a day, reported on one line (staff are counted, not named)."""
    parts = [f"{label}: {step(dry_run=False)}" for label, step in STEPS]
    return "; ".join(parts) + f"; inactive staff accounts: {len(services.inactive_staff())}"
