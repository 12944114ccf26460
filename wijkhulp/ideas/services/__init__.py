"""Rules of the ideas auction: rounds, ideas, pledges, closing and follow-up. Each public function commits once.

An `actor` is the signed-in person. A refusal is a DomainError and leaves nothing stored: every public service rolls
back when it refuses (`atomic`). Helpers in `_common` only flush. Import the services from here.
"""

from __future__ import annotations

from wijkhulp.ideas.services._common import (FOLLOWUP_MONTHS, PRESENTER_REFRESH, followup_path, idea_path,
                                             poster_refusal, round_path)
from wijkhulp.ideas.services.followup import answer_followup, months_before, send_followups
from wijkhulp.ideas.services.ideas import review_idea, submit_idea, update_idea
from wijkhulp.ideas.services.personal_data import erase_user_data, export_user_data
from wijkhulp.ideas.services.pledges import decide_pledge, make_pledge, record_pledge, update_pledge, withdraw_pledge
from wijkhulp.ideas.services.rounds import (close_due_rounds, close_round_now, create_round, delete_round,
                                            publish_round, update_round)

__all__ = [
    "FOLLOWUP_MONTHS", "PRESENTER_REFRESH", "answer_followup", "close_due_rounds", "close_round_now", "create_round",
    "decide_pledge", "delete_round", "erase_user_data", "export_user_data", "followup_path", "idea_path",
    "make_pledge", "months_before", "poster_refusal", "publish_round", "record_pledge", "review_idea", "round_path",
    "send_followups", "submit_idea", "update_idea", "update_pledge", "update_round", "withdraw_pledge",
]
