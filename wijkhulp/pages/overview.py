"""The signed-in person's home page: what is waiting for them, read from the features' queries.

A fixed number of statements whatever the person has (tests/pages/test_overview.py counts them): each list is one
query with what it shows loaded alongside.
"""

from __future__ import annotations

from typing import Any

from wijkhulp.ideas import queries as ideas
from wijkhulp.marketplace import queries as marketplace
from wijkhulp.marketplace.models import KIND_LABELS
from wijkhulp.proposals import queries as proposals

SHOWN = 5  # items per list; each list links to the full page


def personal_overview(user: Any) -> dict[str, Any]:
    waiting = marketplace.conversations(user, per_page=SHOWN, only_waiting=True)
    return {
        "open_listings": marketplace.my_open_listings(user, limit=SHOWN),
        "waiting": waiting.items, "more_waiting": waiting.has_next, "unread_conversations": waiting.unread,
        "my_ideas": ideas.ideas_of(user)[:SHOWN],
        "my_plans": proposals.proposals_of(user)[:SHOWN],
        "kind_labels": KIND_LABELS,
    }
