"""English UI in these tests, so that assertions on messages survive the Dutch catalogue."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app(BABEL_DEFAULT_LOCALE="en")
