"""Manifest of accounts: profiles, my data and account deletion, `flask users`, the demo accounts."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from wijkhulp.accounts import demo, services, views
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
    personal_data=(
        PersonalData(
            "account", export=services.export_account, erase=services.account_erased_last,
            purpose=_l("An account for residents and staff: signing in, a profile, and contact with a neighbour once "
                       "both agree"),
            data_subjects=_l("Residents, members of organisations, community managers and admins"),
            data_categories=_l("E-mail address, display name, postcode, phone number and profile text (optional), "
                               "language, the statement of being 16 or older, dates of registration and last "
                               "sign-in"),
            recipients=_l("The person; community managers of their neighbourhood; admins. Others see only the "
                          "display name and the 4-digit postcode area; contact details only after a match, when "
                          "both chose to share them"),
            legal_basis=_l("Public task of the municipality (AVG art. 6(1)(e)); phone number and profile text "
                           "with consent (art. 6(1)(a))"),
            retention=("retention_inactive_account_months",),
            retention_note=_l("As long as the account is used; deleted at once when the person deletes it. "
                              "Accounts of staff are not deleted for inactivity")),
        PersonalData(
            "sign_ins", export=services.export_sign_ins, erase=services.erase_sign_ins,
            purpose=_l("Keeping accounts safe: which devices are signed in, so that people can sign out "
                       "everywhere"),
            data_subjects=_l("Everyone with an account"),
            data_categories=_l("Browser and system (not the full description), time of sign-in and of the last "
                               "visit"),
            recipients=_l("The person; admins"),
            legal_basis=_l("Public task (AVG art. 6(1)(e)) and security of processing (art. 32)"),
            retention_note=_l("Ended at sign-out; kept as long as the account")),
        PersonalData(
            "two_step_sign_in", export=twofactor.export_user_data, erase=twofactor.erase_user_data,
            purpose=_l("A second sign-in step for staff, and for residents who switch it on"),
            data_subjects=_l("Community managers, admins and residents who switch it on"),
            data_categories=_l("The secret key of the authenticator app and recovery codes (stored hashed)"),
            recipients=_l("Nobody: the site only checks the codes"),
            legal_basis=_l("Security of processing (AVG art. 32) and public task (art. 6(1)(e))"),
            retention_note=_l("Until it is switched off or the account is deleted")),
    ),
)
