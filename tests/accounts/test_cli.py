"""`flask users …` commands."""

from __future__ import annotations

from sqlalchemy import select

from wijkhulp.accounts.models import Role, User
from wijkhulp.extensions import db
from tests import factories


def test_create_admin_is_idempotent(app, runner):
    result = runner.invoke(args=["users", "create-admin", "Baas@Example.org", "--password", "een lange zin hier"])
    assert result.exit_code == 0, result.output
    again = runner.invoke(args=["users", "create-admin", "baas@example.org"])
    assert again.exit_code == 0, again.output
    with app.app_context():
        [user] = db.session.scalars(select(User)).all()
        assert user.role == Role.ADMIN and user.is_verified and user.email == "baas@example.org"


def test_create_admin_refusals(app, runner):
    assert runner.invoke(args=["users", "create-admin", "geen-adres", "--password", "een lange zin"]).exit_code != 0
    assert runner.invoke(args=["users", "create-admin", "a@example.org", "--password", "kort"]).exit_code != 0
    assert runner.invoke(args=["users", "create-admin", "a@example.org"]).exit_code != 0  # no password, no tty
    with app.app_context():
        assert db.session.scalars(select(User)).all() == []


def test_make_manager_and_unknown_user(app, runner):
    with app.app_context():
        email = factories.user().email
    assert runner.invoke(args=["users", "make-manager", email]).exit_code == 0
    assert runner.invoke(args=["users", "make-manager", email]).exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(User)).role == Role.MANAGER
    result = runner.invoke(args=["users", "make-manager", "niemand@example.org"])
    assert result.exit_code != 0 and "niemand" not in result.output.lower() or result.exit_code != 0
    assert runner.invoke(args=["users", "block", "niemand@example.org", "--reason", "x"]).exit_code != 0
    assert runner.invoke(args=["users", "block", email, "--reason", ""]).exit_code != 0


def test_demo_seed_creates_logins_once(app, runner):
    first = runner.invoke(args=["demo", "seed"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(args=["demo", "seed"])
    assert second.exit_code == 0, second.output
    with app.app_context():
        emails = set(db.session.scalars(select(User.email)))
    assert {"anna@example.org", "bram@example.org", "manager@example.org", "admin@example.org"} <= emails
    client = app.test_client()
    factories.login(client, "anna@example.org", "wijkhulp-demo")
