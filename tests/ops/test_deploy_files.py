"""The production files that cannot run here (no Docker engine): what can be checked without building them."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from wijkhulp.config import Defaults

ROOT = Path(__file__).resolve().parents[2]
STANDARD = {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "METRICS_TOKEN", "MAIL_SERVER", "MAIL_PORT", "MAIL_USERNAME",
            "MAIL_PASSWORD", "MAIL_USE_TLS", "MAIL_FROM", "WEB_CONCURRENCY", "PORT"}


def _final_stage(dockerfile: str) -> str:
    return re.split(r"^FROM ", dockerfile, flags=re.M)[-1]


def test_the_image_runs_gunicorn_as_a_user_with_a_health_check() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    final = _final_stage(dockerfile)
    users = re.findall(r"^USER (\S+)", final, flags=re.M)
    assert users and users[-1] not in ("root", "0")
    assert 'CMD ["gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]' in final
    assert "/healthz" in final
    assert "pybabel -q compile" in dockerfile and "static/vendor" in dockerfile  # translations and assets inside
    for copied in re.findall(r"^COPY (?:--\S+ )*(\S+(?: \S+)*) \S+$", dockerfile, flags=re.M):
        for name in copied.split():
            if not name.startswith("/"):
                assert (ROOT / name).exists(), f"the Dockerfile copies {name}, which is not in the repository"


def test_compose_sets_only_variables_the_app_reads() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert {"web", "jobs", "release", "db", "redis", "mail"} <= set(services)
    assert services["jobs"]["command"] == ["flask", "jobs", "run"]
    assert "flask db upgrade" in " ".join(services["release"]["command"])
    for name in ("web", "jobs", "release"):
        for variable in services[name]["environment"]:
            if variable.startswith("WIJKHULP_"):
                assert hasattr(Defaults, variable.removeprefix("WIJKHULP_")), variable
            else:
                assert variable in STANDARD, variable


def test_deploy_guide_covers_what_a_hosting_party_needs() -> None:
    guide = (ROOT / "docs" / "deploy.md").read_text()
    for topic in ("flask db upgrade", "flask jobs run", "flask check", "/healthz", "/readyz", "/metrics",
                  "pg_dump", "CronJob", "readinessProbe", "livenessProbe", "uploads", "REDIS_URL"):
        assert topic in guide, topic
    assert "docs/deploy.md" in (ROOT / "README.md").read_text()
