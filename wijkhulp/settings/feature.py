"""Manifest of settings: /admin/settings, `flask settings`, and the site-wide settings every feature uses."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from wijkhulp.registry.feature import Feature
from wijkhulp.registry.settings import SettingSpec
from wijkhulp.settings import views
from wijkhulp.settings.cli import settings_cli

GENERAL = _l("General")
CONTACT = _l("Contact")

FEATURE = Feature(
    name="settings",
    blueprints=(views.bp,),
    cli=(settings_cli,),
    settings=(
        SettingSpec("site_name", "str", "wijkhulp", _l("Name of the site"), group=GENERAL, max_length=60),
        SettingSpec("municipality_name", "str", "Gemeente Stichtse Vecht", _l("Name of the municipality"),
                    group=GENERAL, max_length=100),
        SettingSpec("contact_name", "str", "Het team van wijkhulp", _l("Name of the community manager"),
                    group=CONTACT, max_length=100),
        SettingSpec("contact_email", "email", "wijkhulp@example.org", _l("E-mail of the community manager"),
                    group=CONTACT),
        SettingSpec("contact_phone", "str", "14 0346", _l("Phone number of the community manager"),
                    group=CONTACT, max_length=30),
        SettingSpec("contact_hours", "str", "maandag tot en met vrijdag, 9.00 tot 17.00 uur",
                    _l("When the community manager can be reached"), group=CONTACT, max_length=200),
        SettingSpec("service_area", "pc4list", "", _l("Service area"),
                    _l("The postcode areas this site serves, such as 3601-3608, 3611. Leave empty for all of "
                       "the Netherlands."), group=GENERAL, max_length=5000),
        SettingSpec("service_area_name", "str", "", _l("Name of the service area"),
                    _l("How the site names its area in a sentence, such as Stichtse Vecht. Leave empty to use the "
                       "name of the municipality."), group=GENERAL, max_length=100),
        SettingSpec("outside_helpers", "bool", False, _l("People from outside may register to help"),
                    _l("Yes: people who live outside the service area can make an account, react to requests and "
                       "offer help there. They cannot ask for help for themselves."), group=GENERAL),
    ),
)
