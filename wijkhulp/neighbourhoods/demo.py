"""Demo data: the Stichtse Vecht neighbourhoods from DESIGN.md, and their areas as the site's service area."""

from __future__ import annotations

from wijkhulp.geo import services as geo
from wijkhulp.neighbourhoods import queries, services

SERVICE_AREA_NAME = "Stichtse Vecht"
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
    # The service area only when nobody chose one (an admin's choice, also "all of the Netherlands", stays).
    area_set = services.set_service_area_unless_chosen(", ".join(areas for _, areas in DEMO_NEIGHBOURHOODS),
                                                       name=SERVICE_AREA_NAME)
    line = f"added {len(added)}: " + ", ".join(added) if added else "all demo neighbourhoods are there already"
    return line + ("; service area: Stichtse Vecht" if area_set else "")
