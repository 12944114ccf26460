"""Test people who read English, so assertions on texts hold whatever the Dutch catalogue says."""

from __future__ import annotations

from typing import Any

from tests import factories
from wijkhulp.accounts.models import User


def person(**kw: Any) -> User:
    kw.setdefault("locale", "en")
    return factories.user(**kw)
