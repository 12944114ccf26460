"""Demo data: the Stichtse Vecht neighbourhoods from DESIGN.md (the service area stays: all of the Netherlands)."""

from __future__ import annotations

from wijkhulp.geo import services as geo
from wijkhulp.neighbourhoods import queries, services

DEMO_NEIGHBOURHOODS = (
    ("Maarssen", "3601-3608, 3612"),
    ("Oud-Zuilen", "3611"),
    ("Breukelen", "3621"),
    ("Nieuwer Ter Aa", "3626"),
    ("Kockengen", "3628"),
    ("Nieuwersluis", "3631"),
    ("Loenen aan de Vecht", "3632"),
    ("Vreeland", "3633"),
    ("Loenersloot", "3634"),
    ("Nigtevecht", "1393"),
)


def seed_neighbourhoods() -> str:
    """Add the demo neighbourhoods that are missing; leaves existing ones (and changes to them) alone."""
    if geo.area_count() == 0:
        return "skipped: load the postcode areas first (flask postcodes import)"
    added = [services.create_neighbourhood(name=name, areas=areas).name
             for name, areas in DEMO_NEIGHBOURHOODS if queries.find_by_name(name) is None]
    if not added:
        return "all demo neighbourhoods are there already"
    return f"added {len(added)}: " + ", ".join(added)
