"""Neighbourhood rules: create, rename, set areas, delete; the service area other features check."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from wijkhulp import audit
from wijkhulp.errors import NotAllowed
from wijkhulp.extensions import db
from wijkhulp.geo import services as geo
from wijkhulp.geo.postcodes import parse_pc4_list
from wijkhulp.neighbourhoods import permissions, queries
from wijkhulp.neighbourhoods.models import (DESCRIPTION_MAX_LENGTH, NAME_MAX_LENGTH, DuplicateNeighbourhood,
                                            InvalidDescription, InvalidNeighbourhoodName, Neighbourhood,
                                            NeighbourhoodArea, OutsideServiceArea, clean_name, slugify)
# Reads that other features use next to the service-area checks below, offered here as well.
from wijkhulp.neighbourhoods.queries import neighbourhoods_for_pc4, pc4s_of  # noqa: F401
from wijkhulp.settings import services as settings

if TYPE_CHECKING:
    from wijkhulp.accounts.models import User

SERVICE_AREA_KEY = "service_area"
SERVICE_AREA_NAME_KEY = "service_area_name"
OUTSIDE_HELPERS_KEY = "outside_helpers"
WHOLE_COUNTRY = frozenset({"", "all"})

# An `actor` of None is the command line or the demo seeder: trusted, like the person at the server.


def _ensure_may_manage(actor: User | None) -> None:
    if actor is not None and not permissions.can_manage_neighbourhoods(actor):
        raise NotAllowed()


def _ensure_may_edit(actor: User | None, neighbourhood: Neighbourhood) -> None:
    if actor is not None and not permissions.can_edit_neighbourhood(actor, neighbourhood):
        raise NotAllowed()


def _checked_name(raw: str, *, keep_id: int | None = None) -> tuple[str, str]:
    name = clean_name(raw)
    slug = slugify(name)
    if not name:
        raise InvalidNeighbourhoodName(field="name")
    if not slug:
        raise InvalidNeighbourhoodName(_l("Use letters or numbers in the name."), field="name")
    if len(name) > NAME_MAX_LENGTH:
        raise InvalidNeighbourhoodName(_l("Use at most %(n)s characters.", n=NAME_MAX_LENGTH), field="name")
    other = queries.find_by_name(name)
    if other is not None and other.id != keep_id:
        raise DuplicateNeighbourhood(field="name")
    return name, slug


def _checked_description(raw: str | None) -> str:
    description = (raw or "").strip()
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise InvalidDescription(field="description")
    return description


def parse_areas(text: str, *, field: str | None = "areas") -> list[str]:
    """'3601-3608, 3612' -> the PC4 codes, each in the postcode data. Raises InvalidPostcode or UnknownPostcode."""
    return geo.known_pc4s(text, field=field)


def _apply_areas(neighbourhood: Neighbourhood, codes: list[str]) -> None:
    wanted = set(codes)
    for area in list(neighbourhood.areas):
        if area.pc4 not in wanted:
            neighbourhood.areas.remove(area)  # delete-orphan removes the row
    present = {area.pc4 for area in neighbourhood.areas}
    for pc4 in sorted(wanted - present):
        neighbourhood.areas.append(NeighbourhoodArea(pc4=pc4))


def _flush_unique() -> None:
    try:
        db.session.flush()  # the unique name and slug constraints fire here, also in a race
    except IntegrityError:
        db.session.rollback()
        raise DuplicateNeighbourhood(field="name") from None


def create_neighbourhood(*, name: str, description: str = "", areas: str = "",
                         actor: User | None = None) -> Neighbourhood:
    """Add a neighbourhood with its PC4 areas. Commits.

    Raises NotAllowed, InvalidNeighbourhoodName, DuplicateNeighbourhood, InvalidDescription, InvalidPostcode
    or UnknownPostcode; nothing is stored then.
    """
    _ensure_may_manage(actor)
    clean, slug = _checked_name(name)
    text = _checked_description(description)
    codes = parse_areas(areas)
    neighbourhood = Neighbourhood(name=clean, slug=slug, description=text)
    _apply_areas(neighbourhood, codes)
    db.session.add(neighbourhood)
    _flush_unique()
    audit.record(actor, "neighbourhood.create", "neighbourhood", neighbourhood.id,
                 details={"name": clean, "areas": neighbourhood.areas_text})
    db.session.commit()
    return neighbourhood


def update_neighbourhood(neighbourhood_id: int, *, name: str, description: str, areas: str,
                         actor: User | None = None) -> Neighbourhood:
    """Change name, description and areas together (the edit page). Commits.

    Raises NeighbourhoodNotFound, NotAllowed, InvalidNeighbourhoodName, DuplicateNeighbourhood,
    InvalidDescription, InvalidPostcode or UnknownPostcode; nothing is stored then.
    """
    neighbourhood = queries.get_neighbourhood(neighbourhood_id)
    _ensure_may_edit(actor, neighbourhood)
    clean, slug = _checked_name(name, keep_id=neighbourhood.id)
    text = _checked_description(description)
    codes = parse_areas(areas)
    before = {"name": neighbourhood.name, "areas": neighbourhood.areas_text}
    neighbourhood.name, neighbourhood.slug, neighbourhood.description = clean, slug, text
    _apply_areas(neighbourhood, codes)
    _flush_unique()
    audit.record(actor, "neighbourhood.update", "neighbourhood", neighbourhood.id,
                 details={"from": before, "to": {"name": clean, "areas": neighbourhood.areas_text}})
    db.session.commit()
    return neighbourhood


def rename_neighbourhood(neighbourhood_id: int, *, name: str, actor: User | None = None) -> Neighbourhood:
    """Give a neighbourhood a new name (and so a new slug). Commits.

    Raises NeighbourhoodNotFound, NotAllowed, InvalidNeighbourhoodName or DuplicateNeighbourhood.
    """
    neighbourhood = queries.get_neighbourhood(neighbourhood_id)
    _ensure_may_edit(actor, neighbourhood)
    before = neighbourhood.name
    neighbourhood.name, neighbourhood.slug = _checked_name(name, keep_id=neighbourhood.id)
    _flush_unique()
    audit.record(actor, "neighbourhood.rename", "neighbourhood", neighbourhood.id,
                 details={"from": before, "to": neighbourhood.name})
    db.session.commit()
    return neighbourhood


def set_areas(neighbourhood_id: int, areas: str, *, actor: User | None = None) -> Neighbourhood:
    """Replace a neighbourhood's PC4 areas with those in `areas` ('3601-3608, 3612'). Commits.

    Raises NeighbourhoodNotFound, NotAllowed, InvalidPostcode or UnknownPostcode; nothing is stored then.
    """
    neighbourhood = queries.get_neighbourhood(neighbourhood_id)
    _ensure_may_edit(actor, neighbourhood)
    before = neighbourhood.areas_text
    _apply_areas(neighbourhood, parse_areas(areas))
    db.session.flush()
    audit.record(actor, "neighbourhood.areas", "neighbourhood", neighbourhood.id,
                 details={"from": before, "to": neighbourhood.areas_text})
    db.session.commit()
    return neighbourhood


def delete_neighbourhood(neighbourhood_id: int, *, actor: User | None = None) -> str:
    """Delete a neighbourhood with its area list and manager assignments; returns its name. Commits.

    The postcode areas themselves stay. Raises NeighbourhoodNotFound or NotAllowed.
    """
    neighbourhood = queries.get_neighbourhood(neighbourhood_id)
    _ensure_may_manage(actor)
    name = neighbourhood.name
    audit.record(actor, "neighbourhood.delete", "neighbourhood", neighbourhood.id,
                 details={"name": name, "areas": neighbourhood.areas_text})
    db.session.delete(neighbourhood)
    db.session.commit()
    return name


# ---------------------------------------------------------------- the service area


@lru_cache(maxsize=16)
def _codes(text: str) -> frozenset[str] | None:
    return None if not text else frozenset(parse_pc4_list(text))


def service_area_text() -> str:
    """The service area as people type it ('3601-3608, 3612'); '' means all of the Netherlands."""
    return str(settings.get(SERVICE_AREA_KEY))


def service_area_pc4s() -> frozenset[str] | None:
    """The PC4 areas this site serves; None means all of the Netherlands."""
    return _codes(service_area_text())


def in_service_area(pc4: str) -> bool:
    """Whether this site serves PC4 area pc4 (always, when the service area is empty)."""
    codes = service_area_pc4s()
    return codes is None or pc4 in codes


def service_area_name() -> str:
    """How sentences name the service area: its own setting, else the municipality without "Gemeente"."""
    name = str(settings.get(SERVICE_AREA_NAME_KEY) or "").strip()
    if name:
        return name
    municipality = str(settings.get("municipality_name") or "").strip()
    for prefix in ("gemeente ", "municipality of "):
        if municipality.lower().startswith(prefix):
            return municipality[len(prefix):].strip()
    return municipality


def _site_name() -> str:
    return str(settings.get("site_name") or "wijkhulp")


def outside_helpers_allowed() -> bool:
    """Whether people who live outside the service area may make an account to help (admin setting)."""
    return bool(settings.get(OUTSIDE_HELPERS_KEY))


def require_in_service_area(pc4: str, *, field: str | None = None) -> None:
    """Raises OutsideServiceArea (naming `field` and the area) when a listing's pc4 lies outside the service area."""
    if not in_service_area(pc4):
        area = geo.get_area(pc4)
        place = area.place if area is not None else ""
        raise OutsideServiceArea(_l("%(site)s is for %(area)s. Postcode area %(pc4)s (%(place)s) is not part of "
                                    "it. Choose a postcode area in %(area)s.", site=_site_name(),
                                    area=service_area_name(), pc4=pc4, place=place), field=field)


def home_postcode_refusal(postcode: str, *, field: str | None = "postcode") -> OutsideServiceArea | None:
    """Why a person may not give this home postcode ('3601 AB'), or None: it lies in the service area, or people
    from outside may register to help."""
    if in_service_area(postcode[:4]) or outside_helpers_allowed():
        return None
    return OutsideServiceArea(_l("%(site)s is for residents of %(area)s. The postcode %(postcode)s is not part of "
                                 "it.", site=_site_name(), area=service_area_name(), postcode=postcode),
                              field=field)


def lives_outside(user: User) -> bool:
    """Whether this person's home postcode area lies outside the service area (never when it is unknown)."""
    pc4 = getattr(user, "pc4", None)
    return bool(pc4) and not in_service_area(pc4)


def own_request_refusal(user: User, *, field: str | None = "kind") -> OutsideServiceArea | None:
    """Someone who lives outside the service area helps but does not ask for help for themselves: the refusal for
    a request of their own, or None. (A request for someone else who lives in the area is allowed.)"""
    if not lives_outside(user):
        return None
    return OutsideServiceArea(_l("You live outside %(area)s. You can help here, but you cannot ask for help for "
                                 "yourself. Are you asking for someone who lives in %(area)s? Then tick “I ask "
                                 "this for someone else”.", area=service_area_name()), field=field)


def set_service_area(areas: str, *, actor: User | None = None) -> list[str]:
    """Set the PC4 areas this site serves; '' or 'all' means all of the Netherlands. Commits.

    Returns the codes ([] for the whole country). Raises NotAllowed or InvalidSetting (nothing stored).
    """
    _ensure_may_manage(actor)
    text = (areas or "").strip()
    if text.lower() in WHOLE_COUNTRY:
        text = ""
    before = service_area_text()
    value = settings.stage_value(SERVICE_AREA_KEY, text, actor=actor.email if actor is not None else None)
    if before != value:
        audit.record(actor, "setting.change", "setting", SERVICE_AREA_KEY, details={"from": before, "to": value})
    db.session.commit()
    return sorted(_codes(value) or ())



def set_service_area_unless_chosen(areas: str, *, name: str = "") -> bool:
    """Set the service area (and how sentences name it) when nobody has chosen one yet: the demo's first run.
    Commits; returns whether it was set. Raises InvalidSetting (nothing stored)."""
    if settings.is_stored(SERVICE_AREA_KEY):
        return False
    settings.stage_value(SERVICE_AREA_KEY, areas)
    if name and not settings.is_stored(SERVICE_AREA_NAME_KEY):
        settings.stage_value(SERVICE_AREA_NAME_KEY, name)
    audit.record(None, "setting.change", "setting", SERVICE_AREA_KEY, details={"from": "", "to": service_area_text()})
    db.session.commit()
    return True
