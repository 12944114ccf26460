"""Manifest of the public information pages and the language switch."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from wijkhulp.pages import views
from wijkhulp.registry.chrome import MenuItem
from wijkhulp.registry.feature import Feature
from wijkhulp.registry.settings import SettingSpec
from wijkhulp.text import EXAMPLE_DATE

FEATURE = Feature(
    name="pages",
    blueprints=(views.bp,),
    menu=(MenuItem("home", "pages.home", _l("Home"), order=10),
          MenuItem("about", "pages.about", _l("How it works"), order=60)),
    settings=(
        SettingSpec(views.VOLUNTEER_INSURANCE, "text", "", _l("Volunteer insurance"),
                    _l("What the municipality's insurance for volunteers covers and where to ask, for the safety "
                       "page. Leave empty for the standard text: the municipality insures volunteers, ask the "
                       "municipality."), group=views.SAFETY_GROUP, max_length=2000),
        SettingSpec(views.A11Y_STATUS, "choice", "C", _l("Accessibility: status"),
                    _l("As on digitoegankelijk.nl. Choose A or B only after research by an independent expert."),
                    group=views.A11Y_GROUP, choices=tuple(views.A11Y_STATUSES.items())),
        SettingSpec(views.A11Y_RESEARCH_DATE, "date", "", _l("Accessibility: date of the research"),
                    _l("The date of the last accessibility research, for example %(example)s. Empty: not "
                       "researched by an independent expert yet.", example=EXAMPLE_DATE), group=views.A11Y_GROUP),
        SettingSpec(views.A11Y_RESEARCHER, "str", "", _l("Accessibility: who did the research"),
                    group=views.A11Y_GROUP, max_length=200),
        SettingSpec(views.A11Y_GAPS, "text", "", _l("Accessibility: known problems"),
                    _l("One problem per line, with when it will be solved. Empty: no known problems."),
                    group=views.A11Y_GROUP, max_length=4000),
        SettingSpec(views.A11Y_RESPONSE_DAYS, "int", 5, _l("Accessibility: answer within (working days)"),
                    minimum=1, maximum=30, group=views.A11Y_GROUP),
        SettingSpec(views.A11Y_STATEMENT_DATE, "date", "2026-12-08", _l("Accessibility: date of the statement"),
                    _l("When this statement was drawn up or last checked, for example %(example)s.",
                       example=EXAMPLE_DATE),
                    group=views.A11Y_GROUP),
    ),
)
