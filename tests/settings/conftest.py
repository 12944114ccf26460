"""English UI in these tests, so that assertions on messages survive the Dutch catalogue."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app(BABEL_DEFAULT_LOCALE="en")


@pytest.fixture
def extra_specs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A number and a yes/no setting, as features will register them; removed again after the test."""
    from wijkhulp.registry import settings as registry

    for spec in (registry.SettingSpec("test_expiry_days", "int", 30, "Days before a post expires",
                                      "How long a post stays open.", minimum=7, maximum=90, group="Test"),
                 registry.SettingSpec("test_premoderation", "bool", False, "Check first posts", group="Test")):
        monkeypatch.setitem(registry.SETTINGS._entries, spec.key, spec)
