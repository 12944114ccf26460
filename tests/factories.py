"""Plain functions that create and commit objects for tests."""

from __future__ import annotations

import itertools
from typing import Any

from flask.testing import FlaskClient

from wijkhulp.accounts.models import Role, User
from wijkhulp.database import utcnow
from wijkhulp.extensions import db

PASSWORD = "lange-test-zin-42"
_counter = itertools.count(1)


def user(*, email: str | None = None, display_name: str | None = None, postcode: str = "3601 AB",
         role: Role = Role.RESIDENT, verified: bool = True, password: str = PASSWORD, **extra: Any) -> User:
    n = next(_counter)
    person = User(email=(email or f"bewoner{n}@example.org").lower(), display_name=display_name or f"Bewoner {n}",
                  postcode=postcode, pc4=postcode[:4] if postcode else None, role=role,
                  email_verified_at=utcnow() if verified else None, terms_accepted_at=utcnow(), **extra)
    person.set_password(password, method="pbkdf2:sha256:1000")
    db.session.add(person)
    db.session.commit()
    return person


def manager(**kw: Any) -> User:
    return user(role=Role.MANAGER, **kw)


def admin(**kw: Any) -> User:
    return user(role=Role.ADMIN, **kw)


def login(client: FlaskClient, email: str, password: str = PASSWORD) -> None:
    """Sign in through the real login form. Pass the e-mail address: view tests hold no app context
    around client calls, so create users inside `with app.app_context():` and keep plain values."""
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
