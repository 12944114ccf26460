"""`flask auction ...`: close rounds whose time has passed and send the follow-up questions. Safe for cron."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from wijkhulp.ideas import services

auction_cli = AppGroup("auction", help="The ideas auction (ideeënveiling).")


@auction_cli.command("close-due")
def close_due_command() -> None:
    """Close every open round whose closing time has passed (each once, also when run twice at once)."""
    click.echo(close_due_job())


def close_due_job() -> str:
    closed = services.close_due_rounds()
    if closed:
        return f"Closed {len(closed)} round(s): " + ", ".join(str(round_id) for round_id in closed)
    return "No rounds to close."


@auction_cli.command("send-followups")
def send_followups_command() -> None:
    """Ask the owners of matched ideas whether their idea was carried out (months after closing: a setting)."""
    click.echo(send_followups_job())


def send_followups_job() -> str:
    return f"Asked {services.send_followups()} idea owner(s) for a follow-up."
