"""The overview of the ideas auction and a person's own ideas and pledges."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from wijkhulp.accounts.permissions import can_manage
from wijkhulp.database import utcnow
from wijkhulp.ideas import permissions, queries
from wijkhulp.ideas.views.blueprint import bp


@bp.get("")
def index() -> ResponseReturnValue:
    rounds = queries.public_rounds()
    drafts = ([r for r in queries.draft_rounds() if permissions.can_manage_round(current_user, r)]
              if can_manage(current_user) else [])
    return render_template("ideas/index.html", rounds=rounds, drafts=drafts,
                           may_create=permissions.can_create_round(current_user), now=utcnow())


@bp.get("/mine")
@login_required
def mine() -> ResponseReturnValue:
    return render_template("ideas/mine.html", ideas=queries.ideas_of(current_user),
                           pledges=queries.pledges_by(current_user), now=utcnow())
