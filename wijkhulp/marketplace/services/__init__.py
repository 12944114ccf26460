"""Marketplace rules: categories, posting and changing listings, reactions and their threads, accepting (race
safe), matches with contact consent, completion with thanks, blocking, expiry and check-ins, helper invitations.

Every public function is one transaction ending in a commit; refusals are DomainErrors from models.py, raised
before anything is stored. Notifications are added in the same transaction (notifications.services.notify).

One module per part; callers keep using `from wijkhulp.marketplace import services` and `services.<name>`.
"""

from __future__ import annotations

from wijkhulp.extensions import db  # noqa: F401  (tests patch services.db.session)
from wijkhulp.marketplace.services._common import (CRON_BATCH, LISTING_CONTENT_KEY, LISTING_PATH,
                                                   MAX_DAYS_AHEAD, NOTIFY_MATCHES_LIMIT, RESPONSE_PATH, listing_path,
                                                   poster_refusal, response_path)
from wijkhulp.marketplace.services.blocking import block_user, unblock_user
from wijkhulp.marketplace.services.categories import (DEFAULT_CATEGORIES, add_category, ensure_default_categories,
                                                      rename_category, set_category_active)
from wijkhulp.marketplace.services.expiry import ExpiryResult, _status_unindexed, expire_listings, send_checkins
from wijkhulp.marketplace.services.listings import (ListingInput, _listing_by_token, create_listing, renew_listing,
                                                    update_listing, withdraw_listing)
from wijkhulp.marketplace.services.inbox import mark_all_conversations_read, mark_conversation_read
from wijkhulp.marketplace.services.managers import invite_helper
from wijkhulp.marketplace.services.matches import cancel_match, complete_match, set_contact_sharing, set_thanks_public
from wijkhulp.marketplace.services.personal_data import erase_user_data, export_user_data
from wijkhulp.marketplace.services.responses import (accept_response, decline_response, respond, send_message,
                                                     withdraw_response)

__all__ = [
    "CRON_BATCH", "DEFAULT_CATEGORIES", "LISTING_CONTENT_KEY", "LISTING_PATH", "MAX_DAYS_AHEAD",
    "NOTIFY_MATCHES_LIMIT", "RESPONSE_PATH", "ExpiryResult", "ListingInput", "accept_response", "add_category",
    "block_user", "cancel_match", "complete_match", "create_listing", "decline_response", "ensure_default_categories",
    "erase_user_data", "expire_listings", "export_user_data", "invite_helper", "listing_path",
    "mark_all_conversations_read", "mark_conversation_read", "poster_refusal",
    "rename_category", "renew_listing", "respond", "response_path", "send_checkins", "send_message", "set_category_active",
    "set_contact_sharing", "set_thanks_public", "unblock_user", "update_listing", "withdraw_listing",
    "withdraw_response", "_listing_by_token", "_status_unindexed",
]
