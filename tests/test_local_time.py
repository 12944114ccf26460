"""The site's local time zone is written once, in wijkhulp.database; everything else uses that constant."""

from __future__ import annotations

import pathlib
from datetime import UTC, datetime

from wijkhulp.database import LOCAL_TIMEZONE, LOCAL_TZ

PACKAGE = pathlib.Path(__file__).resolve().parent.parent / "wijkhulp"


def test_the_zone_name_appears_only_in_database_py() -> None:
    offenders = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if p.name != "database.py"
                 and any('"Europe/Amsterdam"' in line or "'Europe/Amsterdam'" in line
                         for line in p.read_text(encoding="utf-8").splitlines())]
    assert offenders == []
    assert not [p for p in PACKAGE.rglob("*.py") if "ZoneInfo(" in p.read_text(encoding="utf-8")
                and p.name != "database.py"]


def test_everyone_uses_the_same_zone(app) -> None:
    from wijkhulp import metrics
    from wijkhulp.dashboard import periods
    from wijkhulp.marketplace.services import _common
    from wijkhulp.proposals.services import workflow

    assert LOCAL_TIMEZONE == "Europe/Amsterdam" and str(LOCAL_TZ) == LOCAL_TIMEZONE
    assert metrics.LOCAL_TZ is LOCAL_TZ and periods.LOCAL_TZ is LOCAL_TZ
    assert not hasattr(_common, "LOCAL_TZ") or _common.LOCAL_TZ is LOCAL_TZ
    assert not hasattr(workflow, "AMSTERDAM")
    assert app.config["BABEL_DEFAULT_TIMEZONE"] == LOCAL_TIMEZONE
    # summer time: 22:30 UTC on 30 June is already 1 July in the Netherlands
    assert workflow.local_today(datetime(2025, 6, 30, 22, 30, tzinfo=UTC)).isoformat() == "2025-07-01"


def test_marketplace_dates_use_the_local_zone() -> None:
    from wijkhulp.marketplace.services import listings

    assert listings.LOCAL_TZ is LOCAL_TZ
