"""`flask proposals ...`: the report reminders for approved neighbourhood plans. Safe to run from cron."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from wijkhulp.proposals import services

proposals_cli = AppGroup("proposals", help="Neighbourhood plans.")


@proposals_cli.command("send-reminders")
def send_reminders_command() -> None:
    """Remind the teams whose report is due (each team once; running it again sends nothing twice)."""
    click.echo(send_reminders_job())


def send_reminders_job() -> str:
    return f"Reminded {services.send_report_reminders()} team(s) to write their report."
