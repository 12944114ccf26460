"""The moderation tests' world (neighbourhoods, managers, residents), English UI."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask

from tests.moderation.conftest import World, build_world


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app(BABEL_DEFAULT_LOCALE="en")


@pytest.fixture
def world(app: Flask) -> World:
    with app.app_context():
        return build_world()
