"""gunicorn.conf.py as shipped: two workers serve the app, the probes answer, /metrics adds up both workers."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "gunicorn-test-metrics-token"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def gunicorn(database_uri: str, tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WIJKHULP_", "FLASK_"))}
    env.update({
        "SECRET_KEY": "g" * 64, "DATABASE_URL": database_uri, "WEB_CONCURRENCY": "2", "PORT": str(port),
        "GUNICORN_BIND": f"127.0.0.1:{port}", "METRICS_TOKEN": TOKEN, "WIJKHULP_RATELIMIT_ALLOW_MEMORY": "true",
        "WIJKHULP_BASE_URL": f"http://127.0.0.1:{port}", "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
        "WIJKHULP_MAIL_BACKEND": "console",
    })
    (tmp_path / "metrics").mkdir()
    gunicorn_bin = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    log = open(tmp_path / "gunicorn.log", "w+", encoding="utf-8")  # noqa: SIM115 - closed below
    process = subprocess.Popen([gunicorn_bin, "-c", "gunicorn.conf.py", "wsgi:app"], cwd=ROOT, env=env,
                               stdout=log, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if process.poll() is not None:
                raise AssertionError(f"gunicorn stopped: {(tmp_path / 'gunicorn.log').read_text()[-3000:]}")
            try:
                if _get(base + "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("gunicorn did not answer within 30 seconds")
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:  # pragma: no cover
            process.kill()
            process.wait()
        log.close()


def test_gunicorn_conf_serves_the_app_with_probes_and_metrics(gunicorn: str) -> None:
    assert _get(gunicorn + "/healthz") == (200, "ok\n")
    status, body = _get(gunicorn + "/readyz")
    assert status == 200 and '"database":"ok"' in body.replace(" ", "")
    for _ in range(20):  # spread over both workers
        assert _get(gunicorn + "/about")[0] == 200
    assert _get(gunicorn + "/metrics")[0] == 401
    status, text = _get(gunicorn + "/metrics", {"Authorization": f"Bearer {TOKEN}"})
    assert status == 200
    line = next(line for line in text.splitlines()
                if line.startswith("wijkhulp_http_requests_total{") and 'endpoint="pages.about"' in line)
    assert float(line.rsplit(" ", 1)[1]) == 20.0  # every worker's count, added up
