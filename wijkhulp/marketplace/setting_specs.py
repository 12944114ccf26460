"""The marketplace's settings, declared in the manifest as SPECS."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from wijkhulp.registry.settings import SettingSpec

GROUP = _l("Help in your area")

EXPIRY_DAYS = "listing_expiry_days"
EXPIRY_REMINDER_DAYS = "listing_expiry_reminder_days"
CHECKIN_DAYS = "match_checkin_days"
UNANSWERED_DAYS = "unanswered_request_days"

SPECS = (
    SettingSpec(EXPIRY_DAYS, "int", 30, _l("Days a request or offer stays online"),
        _l("After this many days a request or offer goes offline. The owner can put it back online "
        "with one click."), minimum=7, maximum=180, group=GROUP),
    SettingSpec(EXPIRY_REMINDER_DAYS, "int", 3, _l("Days of warning before a request or offer goes offline"),
        _l("The owner gets a message this many days before."), minimum=1, maximum=14, group=GROUP),
    SettingSpec(CHECKIN_DAYS, "int", 5, _l("Days after a match before we ask “did it work out?”"),
        _l("The person who asked for help gets a short question after this many days."),
        minimum=1, maximum=60, group=GROUP),
    SettingSpec(UNANSWERED_DAYS, "int", 7, _l("Days without a reaction before a request needs attention"),
        _l("Requests without any reaction after this many days appear on the page for community "
        "managers."), minimum=1, maximum=60, group=GROUP),
)
