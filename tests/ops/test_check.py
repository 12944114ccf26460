"""`flask check`: each setting that would hurt in production is named, with what to set instead."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest

from wijkhulp.configcheck import ERROR, WARNING, default_workers, findings

GOOD: dict[str, Any] = {
    "SECRET_KEY": "8f1c" * 16,
    "DEBUG": False,
    "TESTING": False,
    "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://wijkhulp@db/wijkhulp",
    "RATELIMIT_ENABLED": True,
    "RATELIMIT_STORAGE_URI": "redis://cache:6379/0",
    "REDIS_URL": "redis://cache:6379/0",
    "MAIL_BACKEND": "smtp",
    "MAIL_SERVER": "smtp.example.nl",
    "MAIL_PORT": 587,
    "MAIL_USERNAME": "wijkhulp",
    "MAIL_USE_TLS": True,
    "MAIL_FROM": "wijkhulp <noreply@gemeente.example.nl>",
    "BASE_URL": "https://wijkhulp.gemeente.example.nl",
    "REQUIRE_STAFF_2FA": True,
}


def test_a_good_production_configuration_has_no_findings() -> None:
    assert findings(GOOD, workers=4) == []


@pytest.mark.parametrize(("change", "level", "words"), [
    ({"SECRET_KEY": "dev"}, ERROR, "SECRET_KEY"),
    ({"SECRET_KEY": ""}, ERROR, "SECRET_KEY"),
    ({"SECRET_KEY": "short-but-random"}, ERROR, "16 characters"),
    ({"DEBUG": True}, ERROR, "Debug mode"),
    ({"TESTING": True}, ERROR, "TESTING"),
    ({"SQLALCHEMY_DATABASE_URI": "sqlite:///wijkhulp.sqlite3"}, ERROR, "SQLite with 4 worker"),
    ({"RATELIMIT_STORAGE_URI": "memory://", "REDIS_URL": None}, ERROR, "counted in memory"),
    ({"RATELIMIT_ENABLED": False}, WARNING, "switched off"),
    ({"MAIL_BACKEND": "console"}, ERROR, "no mail leaves"),
    ({"MAIL_SERVER": "localhost"}, WARNING, "MAIL_SERVER is localhost"),
    ({"MAIL_USE_TLS": False}, WARNING, "without TLS"),
    ({"MAIL_FROM": "wijkhulp <noreply@wijkhulp.local>"}, WARNING, "MAIL_FROM"),
    ({"BASE_URL": "http://wijkhulp.gemeente.example.nl"}, ERROR, "https://"),
    ({"REQUIRE_STAFF_2FA": False}, WARNING, "second step"),
    ({"REDIS_URL": None}, WARNING, "REDIS_URL is not set"),
    ({"METRICS_TOKEN": "abc"}, WARNING, "METRICS_TOKEN"),
])
def test_each_bad_setting_is_found(change: dict[str, Any], level: str, words: str) -> None:
    found = findings({**GOOD, **change}, workers=4)
    assert any(f.level == level and words in f.problem for f in found), found
    assert all(f.fix for f in found)


def test_sqlite_and_memory_limits_are_fine_for_a_single_declared_process() -> None:
    small = {**GOOD, "SQLALCHEMY_DATABASE_URI": "sqlite:///x", "RATELIMIT_STORAGE_URI": "memory://",
             "RATELIMIT_ALLOW_MEMORY": True}
    assert [f for f in findings(small, workers=1) if f.level == ERROR] == []


def test_workers_follow_web_concurrency() -> None:
    assert default_workers({"WEB_CONCURRENCY": "3"}) == 3
    assert 1 <= default_workers({}) <= 8


def _flask_check(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("WIJKHULP_", "FLASK_", "MAIL_")) and k not in ("SECRET_KEY", "DATABASE_URL",
                                                                              "REDIS_URL", "WEB_CONCURRENCY")}
    flask = os.path.join(os.path.dirname(sys.executable), "flask")
    return subprocess.run([flask, "check", *args], env={**clean, **env}, capture_output=True, text=True,
                          timeout=60, cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))))


def test_flask_check_runs_even_when_the_app_would_refuse_to_start() -> None:
    """The command is a CLI plugin: it reports a default secret key instead of dying of it."""
    result = _flask_check({"SECRET_KEY": "dev", "DATABASE_URL": "sqlite:///x.sqlite3", "WEB_CONCURRENCY": "3"})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "ERROR: SECRET_KEY" in result.stdout
    assert "SQLite with 3 worker" in result.stdout
    assert "Traceback" not in result.stderr


def test_flask_check_passes_a_good_configuration() -> None:
    result = _flask_check({
        "SECRET_KEY": "8f1c" * 16, "DATABASE_URL": "postgresql://wijkhulp@db/wijkhulp",
        "REDIS_URL": "redis://cache:6379/0", "MAIL_SERVER": "smtp.example.nl", "MAIL_PORT": "587",
        "MAIL_USERNAME": "wijkhulp", "MAIL_USE_TLS": "true", "MAIL_FROM": "wijkhulp <noreply@example.nl>",
        "WIJKHULP_BASE_URL": "https://wijkhulp.example.nl"}, "--workers", "4")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "fit for production (4 workers)" in result.stdout
