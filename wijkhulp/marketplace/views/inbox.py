"""The inbox (/messages): every conversation of the signed-in person, and recording that they have read one."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required

from wijkhulp.marketplace import queries, services
from wijkhulp.marketplace.views.blueprint import actor, bp, page_arg


@bp.get("/messages")
@login_required
def inbox() -> ResponseReturnValue:
    return render_template("marketplace/inbox.html", inbox=queries.conversations(actor(), page=page_arg()))


@bp.post("/messages/read-all")
@login_required
def mark_all_conversations_read() -> ResponseReturnValue:
    count = services.mark_all_conversations_read(actor())
    if count:
        flash(ngettext("%(num)s conversation is marked as read.", "%(num)s conversations are marked as read.",
                       count), "success")
    else:
        flash(_("You had no unread conversations."), "info")
    return redirect(url_for("marketplace.inbox"))


@bp.post("/responses/<int:response_id>/read")
@login_required
def mark_conversation_read(response_id: int) -> ResponseReturnValue:
    services.mark_conversation_read(actor(), response_id)  # ResponseNotFound (404) for anyone but the parties
    flash(_("The conversation is marked as read."), "success")
    return redirect(url_for("marketplace.inbox"))
