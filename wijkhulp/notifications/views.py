"""Notification pages: the list with read marks, and the e-mail preferences form."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from wijkhulp.errors import DomainError
from wijkhulp.forms import attach_error, attach_refusal
from wijkhulp.notifications import queries, services
from wijkhulp.registry import events as registry
from wijkhulp.notifications.forms import field_name, preferences_form
from wijkhulp.web import page_arg

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


def _page_arg(source: Any = None) -> int:
    return page_arg(source or request.args)


def _back_to_list(page: int) -> ResponseReturnValue:
    return redirect(url_for("notifications.index", page=page) if page > 1 else url_for("notifications.index"))


@bp.get("/")
@login_required
def index() -> ResponseReturnValue:
    pagination = queries.notifications_page(current_user, page=_page_arg())
    return render_template("notifications/index.html", pagination=pagination)


@bp.get("/<int:notification_id>")
@login_required
def open_notification(notification_id: int) -> ResponseReturnValue:
    """The link of each item: marks it read, then goes where it points."""
    target = services.open_notification(current_user, notification_id)
    return redirect(target or url_for("notifications.index"))


@bp.post("/<int:notification_id>/read")
@login_required
def mark_read(notification_id: int) -> ResponseReturnValue:
    services.mark_read(current_user, notification_id)
    flash(_("The notification is marked as read."), "success")
    return _back_to_list(_page_arg(request.form))


@bp.post("/read-all")
@login_required
def mark_all_read() -> ResponseReturnValue:
    count = services.mark_all_read(current_user)
    if count:
        flash(ngettext("%(num)s notification is marked as read.", "%(num)s notifications are marked as read.",
                       count),
              "success")
    else:
        flash(_("You had no unread notifications."), "info")
    return redirect(url_for("notifications.index"))


def _attach_to_mode_field(form: Any, exc: DomainError) -> None:
    """A refusal naming an event goes next to that event's field of the preferences form."""
    if exc.field:
        exc.field = field_name(exc.field)
    attach_error(form, exc)


@bp.route("/preferences", methods=["GET", "POST"])
@login_required
def preferences() -> ResponseReturnValue:
    events = registry.event_types()
    form = preferences_form(events, services.preferences(current_user))
    if form.validate_on_submit():
        try:
            services.set_preferences(current_user, form.modes())
        except DomainError as exc:
            attach_refusal(form, exc, attach=_attach_to_mode_field)
        else:
            flash(_("Your choices are saved."), "success")
            return redirect(url_for("notifications.preferences"))
    status = 422 if request.method == "POST" else 200
    return render_template("notifications/preferences.html", form=form), status
