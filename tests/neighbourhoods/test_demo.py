"""The Stichtse Vecht demo neighbourhoods."""

from __future__ import annotations

from wijkhulp.registry.seeders import Seeder, seeders
from wijkhulp.extensions import db
from wijkhulp.neighbourhoods import services
from wijkhulp.neighbourhoods.demo import seed_neighbourhoods
from wijkhulp.neighbourhoods.models import Neighbourhood
from wijkhulp.settings.models import Setting


def _state() -> list[tuple[int, str, str, str, list[str]]]:
    db.session.expire_all()
    return [(n.id, n.name, n.slug, n.description, n.pc4s)
            for n in db.session.scalars(db.select(Neighbourhood).order_by(Neighbourhood.id))]


def test_the_seeder_is_registered(app):
    assert Seeder("neighbourhoods", 10, seed_neighbourhoods) in seeders()


def test_seeding_twice_changes_nothing_the_second_time(ctx):
    assert seed_neighbourhoods().startswith("added 10: Maarssen, Oud-Zuilen, Breukelen")
    first = _state()
    assert {name: areas for _, name, _, _, areas in first} == {
        "Maarssen": ["3601", "3602", "3603", "3604", "3605", "3606", "3607", "3608", "3612"],
        "Oud-Zuilen": ["3611"], "Breukelen": ["3621"], "Nieuwer Ter Aa": ["3626"], "Kockengen": ["3628"],
        "Nieuwersluis": ["3631"], "Loenen aan de Vecht": ["3632"], "Vreeland": ["3633"], "Loenersloot": ["3634"],
        "Nigtevecht": ["1393"]}
    assert seed_neighbourhoods() == "all demo neighbourhoods are there already"
    assert _state() == first
    # Stichtse Vecht's areas are the service area, named so in sentences
    assert services.service_area_pc4s() == frozenset(pc4 for *_, areas in first for pc4 in areas)
    assert services.service_area_name() == "Stichtse Vecht"
    assert {row.key for row in db.session.scalars(db.select(Setting))} == {"service_area", "service_area_name"}


def test_seeding_leaves_a_service_area_an_admin_chose_alone(ctx):
    services.set_service_area("all")  # the whole country, chosen on purpose
    seed_neighbourhoods()
    assert services.service_area_pc4s() is None


def test_seeding_leaves_changes_by_an_admin_alone(ctx):
    services.create_neighbourhood(name="Breukelen", areas="3621, 3625", description="Met Breukeleveen.")
    assert seed_neighbourhoods().startswith("added 9:")
    breukelen = next(row for row in _state() if row[1] == "Breukelen")
    assert breukelen[3:] == ("Met Breukeleveen.", ["3621", "3625"])
