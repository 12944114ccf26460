"""Neighbourhood rules and the service area."""

from __future__ import annotations

import pytest

from tests import factories
from wijkhulp.errors import DomainError, NotAllowed
from wijkhulp.extensions import db
from wijkhulp.geo.services import InvalidPostcode, UnknownPostcode
from wijkhulp.neighbourhoods import queries, services
from wijkhulp.neighbourhoods.models import (DuplicateNeighbourhood, InvalidDescription, InvalidNeighbourhoodName,
                                            ManagerAssignment, Neighbourhood, NeighbourhoodArea,
                                            NeighbourhoodNotFound, OutsideServiceArea, slugify)
from wijkhulp.settings import services as settings
from wijkhulp.settings.services import InvalidSetting


def _state() -> list[tuple[str, str, str, list[str]]]:
    db.session.expire_all()
    return [(n.name, n.slug, n.description, n.pc4s)
            for n in db.session.scalars(db.select(Neighbourhood).order_by(Neighbourhood.id))]


def test_slugify():
    assert slugify("Loenen aan de Vecht") == "loenen-aan-de-vecht"
    assert slugify(" Oud-Zuilen ") == slugify("oud zuilen") == "oud-zuilen"
    assert slugify("Ohé en Laak") == "ohe-en-laak"
    assert slugify("!!") == ""


def test_create_with_areas(ctx):
    maarssen = services.create_neighbourhood(name="  Maarssen ", description="Het dorp aan de Vecht.",
                                             areas="3612, 3601-3608")
    assert (maarssen.name, maarssen.slug, maarssen.description) == ("Maarssen", "maarssen", "Het dorp aan de Vecht.")
    assert maarssen.pc4s == ["3601", "3602", "3603", "3604", "3605", "3606", "3607", "3608", "3612"]
    assert maarssen.areas_text == "3601-3608, 3612"
    assert maarssen.created_at is not None


def test_a_range_takes_the_areas_that_exist(ctx):
    n = services.create_neighbourhood(name="Maarssen en Zuilen", areas="3601-3612")
    assert n.areas_text == "3601-3608, 3611-3612"                  # 3609 and 3610 are not issued


@pytest.mark.parametrize("areas, error, words", [
    ("3601, 1000", UnknownPostcode, "1000"),
    ("1000-1010", UnknownPostcode, "1000"),
    ("3601, Maarssen", InvalidPostcode, "Maarssen"),
    ("3608-3601", InvalidPostcode, "3608-3601"),
    ("0601", InvalidPostcode, "0601"),
])
def test_bad_area_lists_are_refused_naming_the_bad_part(ctx, areas, error, words):
    with pytest.raises(error) as info:
        services.create_neighbourhood(name="Maarssen", areas=areas)
    assert words in str(info.value.message)
    assert info.value.field == "areas"
    assert _state() == []


@pytest.mark.parametrize("name", ["", "   ", "!!!", "x" * 81])
def test_a_name_is_needed(ctx, name):
    with pytest.raises(InvalidNeighbourhoodName) as info:
        services.create_neighbourhood(name=name)
    assert info.value.field == "name"
    assert _state() == []


def test_names_are_unique_ignoring_case_accents_and_hyphens(ctx):
    services.create_neighbourhood(name="Oud-Zuilen", areas="3611")
    for name in ("Oud-Zuilen", "oud zuilen", "OUD ZUILEN", "Oud–Zuilen"):
        with pytest.raises(DuplicateNeighbourhood) as info:
            services.create_neighbourhood(name=name, areas="3601")
        assert info.value.field == "name"
    assert _state() == [("Oud-Zuilen", "oud-zuilen", "", ["3611"])]


def test_a_too_long_description_is_refused(ctx):
    with pytest.raises(InvalidDescription):
        services.create_neighbourhood(name="Breukelen", description="x" * 2001)
    assert _state() == []


def test_update_changes_everything_at_once_or_nothing(ctx):
    n = services.create_neighbourhood(name="Maarsen", areas="3601")
    services.create_neighbourhood(name="Breukelen", areas="3621")
    services.update_neighbourhood(n.id, name="Maarssen", description="Met Tienhoven.", areas="3601-3608, 3612")
    assert _state()[0] == ("Maarssen", "maarssen", "Met Tienhoven.", [*(str(c) for c in range(3601, 3609)), "3612"])
    with pytest.raises(DuplicateNeighbourhood):
        services.update_neighbourhood(n.id, name="breukelen", description="", areas="3601")
    with pytest.raises(UnknownPostcode):
        services.update_neighbourhood(n.id, name="Maarssen-Dorp", description="", areas="1000")
    assert _state()[0][0] == "Maarssen" and len(_state()[0][3]) == 9
    # Changing only the case of the name is fine.
    assert services.update_neighbourhood(n.id, name="MAARSSEN", description="", areas="3601").name == "MAARSSEN"


def test_rename(ctx):
    n = services.create_neighbourhood(name="Zuilen", areas="3611")
    services.create_neighbourhood(name="Breukelen", areas="3621")
    assert services.rename_neighbourhood(n.id, name="Oud-Zuilen").slug == "oud-zuilen"
    with pytest.raises(DuplicateNeighbourhood):
        services.rename_neighbourhood(n.id, name="Breukelen")
    with pytest.raises(NeighbourhoodNotFound):
        services.rename_neighbourhood(9999, name="Ergens")


def test_set_areas_replaces_the_list_and_is_idempotent(ctx):
    n = services.create_neighbourhood(name="Maarssen", areas="3601-3603")
    services.set_areas(n.id, "3603, 3612")
    assert _state()[0][3] == ["3603", "3612"]
    services.set_areas(n.id, "3603, 3612")
    assert _state()[0][3] == ["3603", "3612"]
    with pytest.raises(UnknownPostcode):
        services.set_areas(n.id, "3601, 1000")
    assert _state()[0][3] == ["3603", "3612"]
    services.set_areas(n.id, "")
    assert _state()[0][3] == []


def test_delete_removes_areas_and_manager_assignments(ctx):
    manager = factories.manager()
    n = services.create_neighbourhood(name="Breukelen", areas="3621, 3625")
    db.session.add(ManagerAssignment(neighbourhood_id=n.id, user_id=manager.id))
    db.session.commit()
    assert services.delete_neighbourhood(n.id) == "Breukelen"
    assert _state() == []
    assert db.session.scalars(db.select(NeighbourhoodArea)).all() == []
    assert db.session.scalars(db.select(ManagerAssignment)).all() == []
    with pytest.raises(NeighbourhoodNotFound):
        services.delete_neighbourhood(n.id)


def test_only_admins_may_change_neighbourhoods(ctx):
    resident, manager, admin = factories.user(), factories.manager(), factories.admin()
    n = services.create_neighbourhood(name="Breukelen", areas="3621", actor=admin)
    for actor in (resident, manager):
        with pytest.raises(NotAllowed):
            services.create_neighbourhood(name="Kockengen", areas="3628", actor=actor)
        with pytest.raises(NotAllowed):
            services.update_neighbourhood(n.id, name="X", description="", areas="", actor=actor)
        with pytest.raises(NotAllowed):
            services.set_areas(n.id, "3601", actor=actor)
        with pytest.raises(NotAllowed):
            services.delete_neighbourhood(n.id, actor=actor)
        with pytest.raises(NotAllowed):
            services.set_service_area("3601", actor=actor)
    assert _state() == [("Breukelen", "breukelen", "", ["3621"])]
    assert settings.get("service_area") == ""


def test_neighbourhoods_for_pc4_and_pc4s_of(ctx):
    maarssen = services.create_neighbourhood(name="Maarssen", areas="3601-3608, 3612")
    zuilen = services.create_neighbourhood(name="Oud-Zuilen", areas="3611")
    vecht = services.create_neighbourhood(name="Aan de Vecht", areas="3601, 3611")
    assert [n.name for n in services.neighbourhoods_for_pc4("3601")] == ["Aan de Vecht", "Maarssen"]
    assert [n.name for n in services.neighbourhoods_for_pc4("3611")] == ["Aan de Vecht", "Oud-Zuilen"]
    assert services.neighbourhoods_for_pc4("1011") == []
    assert services.pc4s_of([zuilen.id, vecht.id]) == ["3601", "3611"]
    assert len(services.pc4s_of([maarssen.id, zuilen.id, vecht.id])) == 10
    assert services.pc4s_of([]) == []


def test_queries_find_by_name_and_labels(ctx):
    services.create_neighbourhood(name="Loenen aan de Vecht", areas="3632")
    assert queries.find_by_name("loenen aan de vecht").name == "Loenen aan de Vecht"
    assert queries.find_by_name("Loenen") is None
    with pytest.raises(NeighbourhoodNotFound):
        queries.require_by_name("Loenen")
    assert [a.label for a in queries.area_labels(["3612", "1000"])] == ["3612 Maarssen", "1000"]
    assert queries.place_names(["3601", "3602", "3611"]) == ["Maarssen", "Oud-Zuilen"]


def test_the_whole_country_is_served_by_default(ctx):
    assert services.service_area_pc4s() is None
    assert services.in_service_area("3601") and services.in_service_area("9999")
    services.require_in_service_area("1011")


def test_a_service_area_limits_the_postcodes(ctx):
    assert services.set_service_area("3601-3612, 1393") == ["1393", *(str(c) for c in range(3601, 3609)),
                                                            "3611", "3612"]
    assert services.service_area_text() == "1393, 3601-3608, 3611-3612"
    assert services.in_service_area("3611") and not services.in_service_area("3621")
    services.require_in_service_area("1393", field="postcode")
    with pytest.raises(OutsideServiceArea) as info:
        services.require_in_service_area("3621", field="postcode")
    assert isinstance(info.value, DomainError) and info.value.status_code == 422
    assert info.value.field == "postcode"
    assert "Postcode area 3621 (Breukelen) is not part of it." in str(info.value.message)


@pytest.mark.parametrize("whole", ["", "all", " ALL "])
def test_all_or_empty_is_the_whole_country(ctx, whole):
    services.set_service_area("3601")
    assert services.set_service_area(whole) == []
    assert services.service_area_pc4s() is None


def test_a_bad_service_area_stores_nothing(ctx):
    services.set_service_area("3601")
    for bad in ("3601, 1000", "Maarssen", "1000-9999"):
        with pytest.raises(InvalidSetting) as info:
            services.set_service_area(bad)
        assert info.value.field == "service_area"
    assert services.service_area_text() == "3601"
