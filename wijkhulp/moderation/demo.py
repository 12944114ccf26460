"""Demo data for moderation: the manager's neighbourhoods, reports, a hidden profile, a warned resident.

Runs after the content features (order 60) and only through the services, so the audit log and the
notifications are filled in as in real use. Safe to run again: nothing is added twice.
"""

from __future__ import annotations

from sqlalchemy import select

from wijkhulp.accounts.models import Role, User
from wijkhulp.registry.content import content_types
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.moderation import hooks, services
from wijkhulp.moderation.models import Report
from wijkhulp.neighbourhoods import queries as neighbourhoods

DEMO_PASSWORD = "wijkhulp-demo"
MANAGER = "manager@example.org"
MANAGER_NEIGHBOURHOODS = ("Maarssen", "Breukelen")

# email, name, postcode, bio: the reporters, and a resident whose profile is an advertisement
DEMO_RESIDENTS = (
    ("carla@example.org", "Carla", "3603 AA", "Gepensioneerd, houd van wandelen en van mijn buurt."),
    ("dirk@example.org", "Dirk", "3621 AB", "Vader van twee, kan goed klussen."),
    ("erik@example.org", "Erik", "3605 AC", "GOEDKOPE ZONNEPANELEN!!! Bel nu 06 12345678, alleen vandaag "
                                            "50% korting, kijk op www.voorbeeld-zonnepanelen.example"),
)


def _user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def _ensure_residents() -> int:
    from wijkhulp.accounts.services import hash_method

    added = 0
    for email, name, postcode, bio in DEMO_RESIDENTS:
        if _user(email) is not None:
            continue
        user = User(email=email, display_name=name, postcode=postcode, pc4=postcode[:4], role=Role.RESIDENT,
                    bio=bio, email_verified_at=utcnow(), terms_accepted_at=utcnow(), locale="nl")
        user.set_password(DEMO_PASSWORD, method=hash_method())
        db.session.add(user)
        added += 1
    db.session.commit()
    return added


def _reported(reporter: User, key: str, object_id: int) -> bool:
    return db.session.scalar(select(Report.id).where(Report.reporter_id == reporter.id, Report.content_key == key,
                                                     Report.object_id == object_id)) is not None


def _report(reporter: User | None, key: str, object_id: int, reason: str, text: str) -> bool:
    if reporter is None or _reported(reporter, key, object_id):
        return False
    services.report_content(reporter, content_key=key, object_id=object_id, reason=reason, text=text)
    return True


def _other_content(reporter: User) -> tuple[str, int] | None:
    """Something a content feature registered (a listing, an idea, ...) that `reporter` did not write and can
    see (nobody reports a message of someone else's conversation, or a listing that is no longer open)."""
    for kind in content_types():
        if kind.key == hooks.PROFILE:
            continue
        for obj in db.session.scalars(select(kind.model).order_by(kind.model.id).limit(10)):
            author = kind.author_of(obj)
            if (not kind.is_hidden(obj) and (author is None or author.id != reporter.id)
                    and kind.can_see(obj, reporter)):
                return kind.key, obj.id
    return None


def seed_moderation() -> str:
    manager, admin = _user(MANAGER), _user("admin@example.org")
    if manager is None or admin is None:
        return "skipped: seed the demo accounts first"
    done = []
    assigned = 0
    for name in MANAGER_NEIGHBOURHOODS:
        neighbourhood = neighbourhoods.find_by_name(name)
        if neighbourhood is not None:
            assigned += services.assign_manager(None, neighbourhood_id=neighbourhood.id, user_id=manager.id)
    done.append(f"{assigned} manager neighbourhoods assigned" if assigned else "manager neighbourhoods present")
    added = _ensure_residents()
    if added:
        done.append(f"{added} demo residents added")

    anna, bram = _user("anna@example.org"), _user("bram@example.org")
    carla, dirk, erik = _user("carla@example.org"), _user("dirk@example.org"), _user("erik@example.org")
    assert erik is not None
    # Three residents report Erik's advertising profile: it goes offline at once; the manager warns him.
    reports = 0
    for reporter, text in ((anna, "Dit is reclame."), (carla, "Reclame voor zonnepanelen."),
                           (bram, "Spam, en er staat een telefoonnummer in.")):
        reports += _report(reporter, hooks.PROFILE, erik.id, "spam", text)
    erik_reports = _erik_reports(erik)
    if erik.is_hidden and erik_reports and all(r.is_open for r in erik_reports):
        services.warn_author(manager, hooks.PROFILE, erik.id,
                             "Je profiel is bedoeld om jezelf voor te stellen aan je buren, niet voor reclame. "
                             "Pas je profiel aan; dan zetten we het weer online.")
        done.append("Erik's profile hidden after 3 reports, Erik warned")
    # One open report for the queue: on a listing, idea or plan when there is one, else on Bram's profile.
    if carla is not None and dirk is not None:
        target = _other_content(carla)
        if target is not None:
            reports += _report(carla, target[0], target[1], "unkind", "Dit vind ik niet vriendelijk geschreven.")
        elif bram is not None:
            reports += _report(dirk, hooks.PROFILE, bram.id, "other",
                               "Ik weet niet zeker of dit profiel echt is. Kunnen jullie even kijken?")
    done.append(f"{reports} reports added" if reports else "demo reports present")
    return "; ".join(done)


def _erik_reports(erik: User) -> list[Report]:
    return list(db.session.scalars(select(Report).where(Report.content_key == hooks.PROFILE,
                                                        Report.object_id == erik.id)))
