"""Manifest of accounts: profiles, my data and account deletion, `flask users`, the demo accounts."""

from __future__ import annotations

from wijkhulp.accounts import demo, views
from wijkhulp.accounts.cli import users_cli
from wijkhulp.registry.feature import Feature
from wijkhulp.registry.seeders import Seeder

FEATURE = Feature(
    name="accounts",
    blueprints=(views.bp,),
    cli=(users_cli,),
    seeder=Seeder("accounts", 5, demo.seed_users),
)
