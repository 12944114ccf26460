"""Marketplace reads: the nearby search and suggestions (nearest areas first, a LIMIT per area), listing and
thread pages, my listings, profile summaries, unanswered requests. The one place that filters out hidden content.

One module per part; callers keep using `from wijkhulp.marketplace import queries` and `queries.<name>`.
"""

from __future__ import annotations

from wijkhulp.marketplace.queries.categories import active_categories, all_categories, category_count, category_or_404
from wijkhulp.marketplace.queries.inbox import (Conversation, InboxPage, OpenListing, conversations, my_open_listings,
                                                unread_conversations_count)
from wijkhulp.marketplace.queries.listings import (ContactDetails, can_see_listing, counterpart_contact,
                                                   distance_beyond_radius, distance_from, is_involved, listing_or_404, listing_refusal,
                                                   my_listings, my_responses, open_response_counts,
                                                   open_responses_count, response_for_party_or_404,
                                                   responses_for_owner, viewer_response, visible_listing_or_404)
from wijkhulp.marketplace.queries.managers import (PastHelper, invited_user_ids, open_offers_of_organisation,
                                                   past_helpers, unanswered_in, unanswered_requests)
from wijkhulp.marketplace.queries.people import (ProfileSummary, blocked_ids, blocks_by, has_blocked,
                                                 is_blocked_between, person_or_404, profile_summary)
from wijkhulp.marketplace.queries.search import (DEFAULT_SEARCH_KM, NEWEST_WORD_SCAN_LIMIT, PER_PAGE, SUGGESTIONS,
                                                 WORD_SCAN_LIMIT, ListingCard, ListingPage, Statement, explain,
                                                 matching_hits, nearby, newest, query_shapes, suggestions)

MAX_PAGE = 50  # deeper pages read more rows; a narrower search serves people better (queries.search reads it here)

__all__ = [
    "DEFAULT_SEARCH_KM", "MAX_PAGE", "NEWEST_WORD_SCAN_LIMIT", "PER_PAGE", "SUGGESTIONS", "WORD_SCAN_LIMIT",
    "ContactDetails", "Conversation", "InboxPage", "OpenListing", "conversations", "my_open_listings",
    "unread_conversations_count", "ListingCard", "ListingPage", "PastHelper", "ProfileSummary", "Statement",
    "active_categories",
    "all_categories", "blocked_ids", "blocks_by", "can_see_listing", "category_count", "category_or_404",
    "counterpart_contact", "is_involved", "listing_refusal",
    "distance_beyond_radius", "distance_from", "explain", "has_blocked", "invited_user_ids", "is_blocked_between", "listing_or_404",
    "matching_hits", "my_listings", "my_responses", "nearby", "newest", "open_offers_of_organisation",
    "open_response_counts", "open_responses_count", "past_helpers", "person_or_404", "profile_summary",
    "query_shapes", "response_for_party_or_404", "responses_for_owner", "suggestions", "unanswered_in",
    "unanswered_requests", "viewer_response", "visible_listing_or_404",
]
