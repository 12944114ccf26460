"""Notifications are shown in the reader's language of today, not the language they had when they were stored:
a notification keeps its message key and parameters; rows from before that, and keys the code no longer has, show
the stored text."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext

from tests import factories
from wijkhulp.accounts.models import User
from wijkhulp.extensions import db
from wijkhulp.moderation.events import MODERATION_NOTICE
from wijkhulp.notifications import services
from wijkhulp.notifications.models import Notification


def _page(app, email: str, language: str) -> str:
    client = app.test_client()
    factories.login(client, email)
    client.post("/language", data={"language": language, "next": "/"})
    return client.get("/notifications/").get_data(as_text=True)


def test_a_notification_follows_the_readers_language(make_app) -> None:
    app = make_app(BABEL_DEFAULT_LOCALE="nl")
    with app.app_context():
        anna = factories.user(display_name="Anna")
        anna.locale = "nl"
        services.notify(anna, MODERATION_NOTICE, message=_l(
            "A message from the community manager about “%(title)s”: %(reason)s", title="Tuin winterklaar",
            reason="Graag vriendelijk blijven."))
        services.notify(anna, MODERATION_NOTICE, message=lazy_ngettext(
            "%(num)d entry", "%(num)d entries", 3))
        db.session.commit()
        stored = db.session.scalars(db.select(Notification).order_by(Notification.id)).first()
        assert stored.message.startswith("Een bericht van de wijkmanager")  # the mail's text, in Dutch
        email = anna.email
    dutch = _page(app, email, "nl")
    assert "Een bericht van de wijkmanager over “Tuin winterklaar”: Graag vriendelijk blijven." in dutch
    english = _page(app, email, "en")
    assert "A message from the community manager about “Tuin winterklaar”: Graag vriendelijk blijven." in english
    assert "3 entries" in english and "Een bericht van" not in english


def test_old_rows_and_unknown_keys_show_the_stored_text(make_app) -> None:
    app = make_app(BABEL_DEFAULT_LOCALE="nl")
    with app.app_context():
        anna = factories.user(display_name="Anna")
        db.session.add(Notification(user_id=anna.id, event=MODERATION_NOTICE, message="Oude melding van vorig jaar"))
        db.session.add(Notification(user_id=anna.id, event=MODERATION_NOTICE, message="Tekst van een oude versie",
                                    message_source={"_": "A text this version no longer has %(x)s", "p": {"x": 1}}))
        db.session.add(Notification(user_id=anna.id, event=MODERATION_NOTICE, message="Parameters gewijzigd",
                                    message_source={"_": "A message from the community manager about "
                                                         "“%(title)s”: %(reason)s", "p": {"title": "x"}}))
        db.session.commit()
        email = db.session.get(User, anna.id).email
    page = _page(app, email, "nl")
    assert "Oude melding van vorig jaar" in page and "Tekst van een oude versie" in page
    assert "Parameters gewijzigd" in page and "no longer has" not in page


def test_freeze_text_keeps_nested_texts_and_numbers(make_app) -> None:
    app = make_app()
    with app.app_context():
        frozen = services.freeze_text(_l("%(event)s – %(site)s", event=_l("Pledges on your idea"), site="wijkhulp"))
        assert frozen == {"_": "%(event)s – %(site)s", "p": {"event": {"_": "Pledges on your idea", "p": {}},
                                                               "site": "wijkhulp"}}
        assert services.freeze_text("plain text") is None
        assert services.freeze_text(lazy_ngettext("%(num)d day", "%(num)d days", 2)) == {
            "_": "%(num)d day", "pl": "%(num)d days", "n": 2, "p": {}}
