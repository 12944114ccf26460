"""Manifest of notifications: the notifications page and preferences, `flask mail`, the header badge."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from flask import Flask, Response, g, request
from flask_babel import lazy_gettext as _l

from wijkhulp.extensions import db
from wijkhulp.notifications import queries, services, views
from wijkhulp.notifications.services import mail
from wijkhulp.notifications import cli
from wijkhulp.notifications.cli import mail_cli
from wijkhulp.registry.chrome import HeaderCounter
from wijkhulp.registry.events import EventType
from wijkhulp.registry.feature import Feature
from wijkhulp.registry.jobs import Job
from wijkhulp.registry.personal_data import PersonalData

log = logging.getLogger(__name__)


def _unread_for_header(user: Any) -> int:
    """The header badge: one COUNT per request, however many templates are rendered."""
    cached = g.get("_notifications_unread")
    if cached is None or cached[0] != user.id:
        cached = (user.id, queries.unread_count(user))
        g._notifications_unread = cached
    return int(cached[1])


def _init_app(app: Flask) -> None:
    """With MAIL_DELIVER_AFTER_REQUEST (development), deliver queued mail right after each request."""
    if not app.config.get("MAIL_DELIVER_AFTER_REQUEST"):
        return

    @app.after_request
    def deliver_queued_mail(response: Response) -> Response:
        if request.endpoint == "static":
            return response
        try:
            db.session.rollback()  # the view committed what it meant to keep; teardown drops the rest anyway
            mail.send_queued()
        except Exception:  # delivery trouble must never break the page; the mail stays queued
            log.exception("delivering queued mail after the request failed")
            db.session.rollback()
        return response


FEATURE = Feature(
    name="notifications",
    blueprints=(views.bp,),
    cli=(mail_cli,),
    # Mail every few seconds: the runner is the worker that delivers what requests queue.
    jobs=(Job("mail_send_queued", "mail send-queued", timedelta(seconds=5), cli.send_queued_job),
          Job("mail_send_digests", "mail send-digests --no-send", timedelta(hours=1), cli.send_digests_job)),
    events=(
        EventType("welcome", _l("Welcome"), _l("A short welcome when you have confirmed your e-mail address.")),
    ),
    personal_data=(PersonalData(
        "notifications", export=services.export_user_data, erase=services.erase_user_data,
        purpose=_l("Telling people what happens: notifications on the site and e-mail"),
        data_subjects=_l("Everyone with an account, and people invited by e-mail"),
        data_categories=_l("Texts of notifications, e-mail address, texts of e-mails, e-mail choices"),
        recipients=_l("The person; the mail provider that delivers the e-mail (a processor)"),
        legal_basis=_l("Public task (AVG art. 6(1)(e))"),
        retention=("retention_notifications_months", "retention_sent_mail_days")),),
    header_counters=(HeaderCounter("notifications_unread", _unread_for_header, endpoint="notifications.index",
                                   label=_l("Notifications"), order=20),),
    init_app=_init_app,
)
