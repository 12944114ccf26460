"""How long personal data is kept: the retention settings, declared in the privacy manifest as SPECS."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from wijkhulp.registry.settings import SettingSpec

GROUP = _l("Retention periods")

CLOSED_LISTINGS = "retention_closed_listings_months"
CONVERSATIONS = "retention_conversations_months"
THANK_YOU = "retention_thank_you_months"
NOTIFICATIONS = "retention_notifications_months"
SENT_MAIL = "retention_sent_mail_days"
INACTIVE_ACCOUNTS = "retention_inactive_account_months"

SPECS = (
    SettingSpec(CLOSED_LISTINGS, "int", 12, _l("Months we keep a finished request or offer"),
                _l("Counted from when it was completed, withdrawn, matched or went offline. Then its text and its "
                   "conversations are erased; only the category, area and dates stay, for the figures."),
                minimum=1, maximum=120, group=GROUP),
    SettingSpec(CONVERSATIONS, "int", 12, _l("Months we keep a conversation"),
                _l("Counted from the last message. Then the messages of the conversation are erased."),
                minimum=1, maximum=120, group=GROUP),
    SettingSpec(THANK_YOU, "int", 24, _l("Months we keep a thank-you note"),
                _l("Counted from when it was written. The hours helped stay."), minimum=1, maximum=120, group=GROUP),
    SettingSpec(NOTIFICATIONS, "int", 6, _l("Months we keep a notification"),
                _l("Counted from when it was sent, read or not."), minimum=1, maximum=60, group=GROUP),
    SettingSpec(SENT_MAIL, "int", 90, _l("Days we keep a sent e-mail"),
                _l("Copies of sent e-mail (and e-mail that could not be delivered) in the outbox."),
                minimum=7, maximum=730, group=GROUP),
    SettingSpec(INACTIVE_ACCOUNTS, "int", 24, _l("Months without signing in before a resident's account is "
                                                 "deleted"),
                _l("One month before, the resident gets an e-mail; signing in again keeps the account. Accounts "
                   "of community managers and admins are never deleted for this."),
                minimum=3, maximum=120, group=GROUP),
)
