"""Create a fresh PostgreSQL database, run a command with TEST_DATABASE_URL pointing at it, drop it.

    python scripts/pg_test_db.py --check URL          exit 0 when PostgreSQL answers
    python scripts/pg_test_db.py --run URL -- CMD...  run CMD against a new database, then drop it
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from urllib.parse import urlsplit, urlunsplit

import psycopg


def _connect(url: str) -> psycopg.Connection:
    return psycopg.connect(url, autocommit=True, connect_timeout=3)


def check(url: str) -> int:
    try:
        with _connect(url):
            return 0
    except psycopg.Error:
        return 1


def run(url: str, command: list[str]) -> int:
    name = f"wijkhulp_test_{uuid.uuid4().hex[:10]}"
    with _connect(url) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(url)
    test_url = urlunsplit(parts._replace(path="/" + name))
    print(f"PostgreSQL: running the suite on the fresh database {name}", flush=True)
    try:
        return subprocess.run(command, env={**os.environ, "TEST_DATABASE_URL": test_url}, check=False).returncode
    finally:
        with _connect(url) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "--check":
        return check(argv[1])
    if len(argv) >= 4 and argv[0] == "--run" and argv[2] == "--":
        return run(argv[1], argv[3:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
