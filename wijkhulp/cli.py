"""Registers every `flask <group> <verb>` command group."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from wijkhulp.accounts.cli import users_cli
    from wijkhulp.demo import demo_cli
    from wijkhulp.geo.cli import postcodes_cli
    from wijkhulp.ideas.cli import auction_cli
    from wijkhulp.marketplace.cli import listings_cli
    from wijkhulp.moderation.cli import moderation_cli
    from wijkhulp.neighbourhoods.cli import neighbourhoods_cli
    from wijkhulp.notifications.cli import mail_cli
    from wijkhulp.proposals.cli import proposals_cli
    from wijkhulp.settings.cli import settings_cli

    for group in (postcodes_cli, settings_cli, neighbourhoods_cli, users_cli, mail_cli, proposals_cli, listings_cli,
                  auction_cli, demo_cli, moderation_cli):
        app.cli.add_command(group)
