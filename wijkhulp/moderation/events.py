"""Moderation's notification events, registered at import time."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from wijkhulp.notifications.registry import register_event

REPORT_OUTCOME = "report_outcome"
MODERATION_NOTICE = "moderation_notice"

register_event(REPORT_OUTCOME, _l("Outcome of your report"),
               _l("What a community manager decided about something you reported."))
register_event(MODERATION_NOTICE, _l("A decision about what you posted"),
               _l("When a community manager takes something you posted offline, puts it back, approves it, "
                  "or has a question or warning for you."))
