"""Demo accounts (password wijkhulp-demo), created once."""

from __future__ import annotations

from wijkhulp.accounts.models import Role, User
from wijkhulp.database import utcnow
from wijkhulp.extensions import db

DEMO_PASSWORD = "wijkhulp-demo"

DEMO_USERS = [
    # email, name, postcode, role, bio, skills
    ("anna@example.org", "Anna", "3601 AB", Role.RESIDENT,
     "Ik woon al twintig jaar in Maarssen en help graag in de buurt.", "boodschappen, tuin, gezelschap"),
    ("bram@example.org", "Bram", "3621 BC", Role.RESIDENT,
     "Student in Breukelen. Handig met computers en fietsen.", "computerhulp, klusjes"),
    ("manager@example.org", "Marieke (wijkhulp)", "3601 CD", Role.MANAGER,
     "Wijkmanager van wijkhulp in Stichtse Vecht.", ""),
    ("admin@example.org", "Beheer", "3611 AA", Role.ADMIN, "", ""),
    ("manager2fa@example.org", "Mehmet (wijkhulp)", "3621 CD", Role.MANAGER,
     "Wijkmanager met tweestapsinloggen aan.", ""),
]
TWO_STEP_DEMO_USER = "manager2fa@example.org"  # has two-step sign-in on; `flask demo seed` prints its key


def seed_users() -> str:
    from wijkhulp.accounts.services import hash_method

    added = 0
    for email, name, postcode, role, bio, skills in DEMO_USERS:
        if db.session.scalar(db.select(User).where(User.email == email)) is not None:
            continue
        user = User(email=email, display_name=name, postcode=postcode, pc4=postcode[:4], role=role, bio=bio,
                    skills=skills, email_verified_at=utcnow(), terms_accepted_at=utcnow(), age_confirmed_at=utcnow(),
                    locale="nl")
        user.set_password(DEMO_PASSWORD, method=hash_method())
        db.session.add(user)
        added += 1
    db.session.flush()
    secret = _two_step_demo_secret()
    db.session.commit()
    line = f"{added} demo accounts added" if added else "demo accounts present"
    return (f"{line}; {TWO_STEP_DEMO_USER} signs in with two steps: add the key {secret} to an authenticator "
            f"app (or run: python -c \"import pyotp; print(pyotp.TOTP('{secret}').now())\")")


def _two_step_demo_secret() -> str:
    from wijkhulp.accounts.twofactor.models import TotpCredential
    from wijkhulp.accounts.twofactor.services import new_secret

    user = db.session.scalar(db.select(User).where(User.email == TWO_STEP_DEMO_USER))
    credential = db.session.scalar(db.select(TotpCredential).where(TotpCredential.user_id == user.id))
    if credential is None:
        credential = TotpCredential(user_id=user.id, secret=new_secret(), last_step=0)
        db.session.add(credential)
    return credential.secret
