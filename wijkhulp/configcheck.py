"""`flask check`: the configuration a production install would regret, and what to set instead.

The command is a Flask CLI plugin (pyproject's "flask.commands" entry point), so it runs without building the app:
`create_app` refuses some settings outright, and this check must be able to name all of them at once.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import click

ERROR, WARNING = "error", "warning"
MIN_SECRET_LENGTH = 32
_PLACEHOLDER_SECRETS = {"dev", "secret", "changeme", "change-me", "test", "test-secret", "wijkhulp"}


@dataclass(frozen=True)
class Finding:
    level: str      # ERROR: do not serve like this; WARNING: it runs, but something will go wrong
    problem: str
    fix: str


def default_workers(environ: Mapping[str, str] | None = None) -> int:
    """Gunicorn's worker count: WEB_CONCURRENCY, else two per CPU plus one, at most 8 (gunicorn.conf.py)."""
    env = os.environ if environ is None else environ
    if env.get("WEB_CONCURRENCY", "").strip().isdigit():
        return max(1, int(env["WEB_CONCURRENCY"]))
    return min(2 * (os.cpu_count() or 1) + 1, 8)


def findings(config: Mapping[str, Any], *, workers: int) -> list[Finding]:
    """Every problem of this configuration for a production site served by `workers` processes."""
    found: list[Finding] = []

    def add(level: str, problem: str, fix: str) -> None:
        found.append(Finding(level, problem, fix))

    secret = str(config.get("SECRET_KEY") or "")
    if not secret or secret.lower() in _PLACEHOLDER_SECRETS:
        add(ERROR, "SECRET_KEY is not set or is a well-known placeholder: anyone could forge sessions.",
            'export SECRET_KEY="$(python3 -c \'import secrets; print(secrets.token_hex(32))\')"')
    elif len(secret) < MIN_SECRET_LENGTH:
        add(ERROR, f"SECRET_KEY is only {len(secret)} characters long.",
            f"Use at least {MIN_SECRET_LENGTH} random characters, e.g. python3 -c 'import secrets; "
            "print(secrets.token_hex(32))'.")
    if config.get("DEBUG"):
        add(ERROR, "Debug mode is on: errors show code and the debugger can run commands.",
            "Unset FLASK_DEBUG and WIJKHULP_DEBUG, and never serve with `flask --debug run`.")
    if config.get("TESTING"):
        add(ERROR, "TESTING is on: CSRF and other protections behave as in the test suite.", "Unset WIJKHULP_TESTING.")

    database = str(config.get("SQLALCHEMY_DATABASE_URI") or "")
    if database.startswith("sqlite") and workers > 1:
        add(ERROR, f"SQLite with {workers} worker processes: writers wait for each other and requests time out.",
            "Set DATABASE_URL=postgresql://user:password@host/wijkhulp, or serve with one worker "
            "(WEB_CONCURRENCY=1) for a very small site.")

    storage = str(config.get("RATELIMIT_STORAGE_URI") or "memory://")
    if config.get("RATELIMIT_ENABLED", True) and storage.startswith("memory://"):
        if workers > 1:
            add(ERROR, f"Rate limits are counted in memory, separately in each of the {workers} workers: the "
                "limits are that many times weaker.", "Set REDIS_URL=redis://host:6379/0.")
        elif not config.get("RATELIMIT_ALLOW_MEMORY"):
            add(ERROR, "Rate limits are counted in memory and no single-process install was declared: the app "
                "refuses to start.", "Set REDIS_URL, or WIJKHULP_RATELIMIT_ALLOW_MEMORY=true for one process.")
    if not config.get("RATELIMIT_ENABLED", True):
        add(WARNING, "Rate limits are switched off: sign-in and registration can be tried without end.",
            "Unset WIJKHULP_RATELIMIT_ENABLED.")

    backend = str(config.get("MAIL_BACKEND") or "smtp")
    if backend != "smtp":
        add(ERROR, f'MAIL_BACKEND is "{backend}": no mail leaves the server (sign-up links, notifications).',
            "Unset WIJKHULP_MAIL_BACKEND (smtp is the default) and set MAIL_SERVER.")
    else:
        if str(config.get("MAIL_SERVER") or "localhost") in ("localhost", "127.0.0.1"):
            add(WARNING, "MAIL_SERVER is localhost: mail works only if this host runs a mail relay.",
                "Set MAIL_SERVER, MAIL_PORT, MAIL_USERNAME, MAIL_PASSWORD and MAIL_USE_TLS=true for your "
                "provider.")
        elif config.get("MAIL_USERNAME") and not config.get("MAIL_USE_TLS") and int(config.get("MAIL_PORT") or 25) \
                != 465:
            add(WARNING, "Mail is sent with a password but without TLS.", "Set MAIL_USE_TLS=true.")
    if str(config.get("MAIL_FROM") or "").endswith("@wijkhulp.local>"):
        add(WARNING, "MAIL_FROM is the example address: mail from it is marked as spam or refused.",
            'Set MAIL_FROM="wijkhulp <noreply@your-municipality.nl>".')

    base_url = str(config.get("BASE_URL") or "")
    if not base_url.startswith("https://"):
        add(ERROR, f"BASE_URL is {base_url or 'not set'}: links in mail must be https:// addresses of this site.",
            "Set WIJKHULP_BASE_URL=https://wijkhulp.your-municipality.nl.")
    if not config.get("REQUIRE_STAFF_2FA", True):
        add(WARNING, "Managers and admins can sign in without the second step (TOTP).",
            "Unset WIJKHULP_REQUIRE_STAFF_2FA.")
    if not config.get("REDIS_URL"):
        add(WARNING, "REDIS_URL is not set: nothing is shared between app servers but the database.",
            "Set REDIS_URL=redis://host:6379/0 when more than one process serves the site.")
    token = str(config.get("METRICS_TOKEN") or "")
    if token and len(token) < 16:
        add(WARNING, "METRICS_TOKEN is short: the metrics page can be guessed.", "Use at least 16 random characters.")
    return found


def production_config() -> dict[str, Any]:
    """The configuration `create_app()` would build from instance/config.py and the environment, unrefused."""
    from flask import Flask

    from wijkhulp import config

    app = Flask("wijkhulp", instance_relative_config=True)
    config.load(app)
    config.derive(app)
    return dict(app.config)


@click.command("check")
@click.option("--workers", type=click.IntRange(1, 256), default=None,
              help="Worker processes that will serve the site (default: as gunicorn.conf.py, WEB_CONCURRENCY).")
def check_command(workers: int | None) -> None:
    """Check the production configuration: errors stop the command with exit code 1."""
    count = workers or default_workers()
    found = findings(production_config(), workers=count)
    errors = [f for f in found if f.level == ERROR]
    for finding in sorted(found, key=lambda f: f.level != ERROR):
        click.echo(f"{finding.level.upper()}: {finding.problem}\n    -> {finding.fix}")
    if not found:
        click.echo(f"The configuration is fit for production ({count} workers).")
    else:
        click.echo(f"{len(errors)} error(s), {len(found) - len(errors)} warning(s) for {count} worker(s).")
    if errors:
        raise SystemExit(1)
