"""Services for neighbourhood plans: drafting and sending (plans), review, decisions and reports (review), supports
and personal data. Calls and their panels are in calls.py, the team services in team.py, the helpers they share
in workflow.py.

Each public function is one transaction ending in a commit; refusals are the DomainErrors of models.py, and
nothing is stored when one is raised. Callers keep using `from wijkhulp.proposals import services` and
`services.<name>`.
"""

from __future__ import annotations

from wijkhulp.proposals.services.personal_data import erase_user_data, export_user_data
from wijkhulp.proposals.services.plans import (TEXT_FIELDS, ProposalData, default_neighbourhood_id, readiness,
                                               start_proposal, start_refusal, submit_proposal, update_proposal,
                                               withdraw_proposal)
from wijkhulp.proposals.services.review import (DECISION_AUDIT, DECISION_EVENTS, DECISIONS, _reserve_budget,
                                                assess_proposal, complete_proposal, decide_proposal,
                                                send_report_reminders, start_work)
from wijkhulp.proposals.services.supports import support_proposal, withdraw_support

__all__ = [
    "DECISIONS", "DECISION_AUDIT", "DECISION_EVENTS", "TEXT_FIELDS", "ProposalData", "assess_proposal",
    "complete_proposal", "default_neighbourhood_id", "decide_proposal", "erase_user_data", "export_user_data", "readiness",
    "send_report_reminders", "start_proposal", "start_refusal", "start_work", "submit_proposal", "support_proposal",
    "update_proposal", "withdraw_proposal", "withdraw_support", "_reserve_budget",
]
