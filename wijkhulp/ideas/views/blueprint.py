"""The ideas blueprint `bp`, its template globals and the view helpers the page modules share."""

from __future__ import annotations

from typing import Any

from flask import Blueprint
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from wijkhulp.errors import NotAllowed, NotFound
from wijkhulp.ideas import permissions, queries
from wijkhulp.ideas.models import (UNIT_LABELS, AuctionRound, Idea, Pledge, RoundStatus, Unit, format_amount,
                                   format_coverage)

bp = Blueprint("ideas", __name__, url_prefix="/ideas")


@bp.app_template_global("idea_amount")
def _amount(amount: int, unit: Any) -> str:
    return format_amount(amount, unit)


@bp.app_template_global("idea_unit")
def _unit(unit: Any) -> Any:
    return UNIT_LABELS[Unit(unit)]


@bp.app_template_global("idea_coverage")
def _coverage(part: int, whole: int, unit: Any) -> str:
    return format_coverage(part, whole, unit)


@bp.app_template_global("partner_name")
def partner_name(pledge: Pledge) -> str:
    """Visitors see organisations by name and residents as 'a neighbour', as in the marketplace."""
    if pledge.organisation is not None or current_user.is_authenticated:
        return pledge.partner_name
    return _("A neighbour")


@bp.app_template_global("needs_covered")
def needs_covered(idea: Idea, closed: bool) -> str:
    """'2 of 3 needs covered': beside the coverage bars of an idea."""
    return ngettext("%(covered)s of %(num)s need covered", "%(covered)s of %(num)s needs covered", len(idea.needs),
                    covered=idea.covered_needs(closed=closed))


@bp.app_template_global("idea_author")
def idea_author(idea: Idea) -> str:
    if idea.entered_for or current_user.is_authenticated:
        return idea.author_label
    return _("A neighbour")


def actor() -> Any:
    return current_user._get_current_object()


def visible_round(round_id: int) -> AuctionRound:
    auction_round = queries.get_round(round_id)
    if auction_round.status == RoundStatus.DRAFT and not permissions.can_manage_round(current_user, auction_round):
        raise NotFound()
    return auction_round


def managed_round(round_id: int) -> AuctionRound:
    auction_round = queries.get_round(round_id)
    if not permissions.can_manage_round(current_user, auction_round):
        raise NotAllowed()
    return auction_round


def visible_idea(idea_id: int) -> Idea:
    idea = queries.get_idea(idea_id)
    if not permissions.can_view_idea(current_user, idea):
        raise NotFound()
    return idea
