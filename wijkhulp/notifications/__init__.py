"""Notifications: in-app messages, e-mail preferences, the mail outbox and daily overviews.

Features register their event types in `registry` and call `services.notify(...)` inside their own transaction.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, g, request

log = logging.getLogger(__name__)

_counter_registered = False


def _unread_for_header(user: Any) -> int:
    """The header badge: one COUNT per request, however many templates are rendered."""
    from wijkhulp.notifications import queries

    cached = g.get("_notifications_unread")
    if cached is None or cached[0] != user.id:
        cached = (user.id, queries.unread_count(user))
        g._notifications_unread = cached
    return int(cached[1])


def init_app(app: Flask) -> None:
    """Register the header badge counter and, when MAIL_DELIVER_AFTER_REQUEST, deliver mail after requests."""
    global _counter_registered
    from wijkhulp import web

    if not _counter_registered:  # web keeps one list for every app; register once per process
        web.register_unread_counter(_unread_for_header)
        _counter_registered = True

    if app.config.get("MAIL_DELIVER_AFTER_REQUEST"):
        @app.after_request
        def deliver_queued_mail(response: Response) -> Response:
            if request.endpoint == "static":
                return response
            from wijkhulp.extensions import db
            from wijkhulp.notifications import mail

            try:
                db.session.rollback()  # the view committed what it meant to keep; teardown drops the rest anyway
                mail.send_queued()
            except Exception:  # delivery trouble must never break the page; the mail stays queued
                log.exception("delivering queued mail after the request failed")
                db.session.rollback()
            return response
