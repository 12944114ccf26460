"""Manifest of accounts: profiles, my data and account deletion, `flask users`, the demo accounts."""

from __future__ import annotations

from wijkhulp.accounts import demo, views
from wijkhulp.accounts.cli import users_cli
from wijkhulp.accounts.twofactor import services as twofactor
from wijkhulp.accounts.twofactor import views as twofactor_views
from wijkhulp.registry.feature import Feature
from wijkhulp.registry.personal_data import PersonalData
from wijkhulp.registry.seeders import Seeder

FEATURE = Feature(
    name="accounts",
    blueprints=(views.bp, twofactor_views.bp),
    cli=(users_cli,),
    seeder=Seeder("accounts", 5, demo.seed_users),
    personal_data=(PersonalData("two_step_sign_in", export=twofactor.export_user_data,
                                erase=twofactor.erase_user_data),),
)
