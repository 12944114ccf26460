"""The command groups that belong to no feature (`flask demo`); each feature's manifest adds its own."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from wijkhulp.demo import demo_cli

    app.cli.add_command(demo_cli)
