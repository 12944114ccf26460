"""Demo data: partner organisations in Stichtse Vecht with their members (password wijkhulp-demo), created once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from wijkhulp.accounts.models import Role, User
from wijkhulp.database import utcnow
from wijkhulp.extensions import db
from wijkhulp.organisations.models import (INVITATION_DAYS, Invitation, MemberRole, Membership, Organisation,
                                           OrganisationType, name_key)

DEMO_PASSWORD = "wijkhulp-demo"

# email, name, postcode
DEMO_PEOPLE = [
    ("bakkerij@example.org", "Jan van Vliet", "3603 AB"),
    ("zorg@example.org", "Fatima El Idrissi", "3621 CD"),
    ("woon@example.org", "Peter de Graaf", "3601 EF"),
]

# name, type, description, website, KvK number, coordinator e-mail, other members, checked
DEMO_ORGANISATIONS = [
    ("Bakkerij Van Vliet", OrganisationType.BUSINESS,
     "Ambachtelijke bakker in Maarssen-Dorp sinds 1962. Wij doen graag mee met buurtinitiatieven.",
     "https://www.example.org/bakkerij-van-vliet", "90000001", "bakkerij@example.org", [], True),
    ("Stichting Vechtzorg", OrganisationType.CARE,
     "Zorg en welzijn in Stichtse Vecht: buurtteams, vrijwilligers en ontmoetingsruimtes.",
     "https://www.example.org/vechtzorg", "90000002", "zorg@example.org", [], True),
    ("Woonstichting Vecht en Omstreken", OrganisationType.HOUSING,
     "Wij verhuren ruim 4.000 woningen en investeren in leefbare buurten.",
     "https://www.example.org/woonstichting", "90000003", "woon@example.org", [], True),
    ("Buurtvereniging Oud-Zuilen", OrganisationType.ASSOCIATION,
     "Buurtfeesten, de kerstmarkt en de jaarlijkse opschoondag.", "", None, "bram@example.org", [], False),
]


def _person(email: str, name: str, postcode: str) -> User:
    from wijkhulp.accounts.services import hash_method

    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        user = User(email=email, display_name=name, postcode=postcode, pc4=postcode[:4], role=Role.RESIDENT,
                    email_verified_at=utcnow(), terms_accepted_at=utcnow(), locale="nl")
        user.set_password(DEMO_PASSWORD, method=hash_method())
        db.session.add(user)
        db.session.flush()
    return user


def seed_organisations() -> str:
    for email, name, postcode in DEMO_PEOPLE:
        _person(email, name, postcode)
    manager = db.session.scalar(select(User).where(User.email == "manager@example.org"))
    added = []
    for name, kind, description, website, kvk, coordinator_email, members, checked in DEMO_ORGANISATIONS:
        if db.session.scalar(select(Organisation).where(Organisation.name_key == name_key(name))) is not None:
            continue
        coordinator = db.session.scalar(select(User).where(User.email == coordinator_email))
        if coordinator is None:
            continue  # the demo accounts seeder did not run
        organisation = Organisation(name=name, name_key=name_key(name), type=kind, description=description,
                                    website=website or None, kvk_number=kvk, created_by=coordinator,
                                    verified_at=utcnow() if checked else None,
                                    verified_by=manager if checked else None)
        organisation.memberships.append(Membership(user=coordinator, role=MemberRole.COORDINATOR))
        for email in members:
            member = db.session.scalar(select(User).where(User.email == email))
            if member is not None:
                organisation.memberships.append(Membership(user=member, role=MemberRole.MEMBER))
        db.session.add(organisation)
        added.append(name)
    care = db.session.scalar(select(Organisation).where(Organisation.name_key == name_key("Stichting Vechtzorg")))
    if care is not None and "Stichting Vechtzorg" in added:
        now = utcnow()
        care.invitations.append(Invitation(email="anna@example.org", role=MemberRole.MEMBER, created_at=now,
                                           expires_at=now + timedelta(days=INVITATION_DAYS),
                                           invited_by=care.coordinators[0].user))
    db.session.commit()
    if not added:
        return "demo organisations present"
    return f"added {len(added)}: " + ", ".join(added)
