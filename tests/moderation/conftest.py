"""A small world for moderation tests: two neighbourhoods, a manager for one of them, an admin, residents.

English UI, so that assertions on messages survive the Dutch catalogue. Fixtures return plain values (ids and
e-mail addresses) so that view tests hold no app context around client calls.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from flask import Flask

from tests import factories
from wijkhulp.extensions import db


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app(BABEL_DEFAULT_LOCALE="en")


@dataclass(frozen=True)
class World:
    maarssen_id: int
    breukelen_id: int
    manager_id: int
    manager_email: str
    other_manager_id: int
    other_manager_email: str
    admin_id: int
    admin_email: str
    residents: tuple[tuple[int, str], ...]  # (id, email) in Maarssen (3601-3608)
    author_id: int  # a resident in Maarssen whose profile gets reported
    author_email: str
    outsider_id: int  # a resident in Breukelen (3621): outside the manager's neighbourhood
    outsider_email: str


def build_world() -> World:
    from wijkhulp.moderation import services
    from wijkhulp.neighbourhoods import services as neighbourhoods

    maarssen = neighbourhoods.create_neighbourhood(name="Maarssen", areas="3601-3608, 3612")
    breukelen = neighbourhoods.create_neighbourhood(name="Breukelen", areas="3621")
    manager = factories.manager(postcode="3601 AA", display_name="Marieke")
    other = factories.manager(postcode="3621 AA", display_name="Otto")
    admin = factories.admin(postcode="3611 AA", display_name="Ada")
    services.assign_manager(None, neighbourhood_id=maarssen.id, user_id=manager.id)
    services.assign_manager(None, neighbourhood_id=breukelen.id, user_id=other.id)
    residents = tuple(factories.user(postcode=f"360{n} AB") for n in range(1, 6))
    author = factories.user(postcode="3603 CD", display_name="Erik", bio="Goedkope zonnepanelen, bel nu!")
    outsider = factories.user(postcode="3621 CD", display_name="Olaf", bio="Ik woon in Breukelen.")
    db.session.commit()
    return World(maarssen.id, breukelen.id, manager.id, manager.email, other.id, other.email, admin.id, admin.email,
                 tuple((r.id, r.email) for r in residents), author.id, author.email, outsider.id, outsider.email)


@pytest.fixture
def world(app: Flask) -> World:
    with app.app_context():
        return build_world()
