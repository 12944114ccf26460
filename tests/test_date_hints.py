"""Date hints show a future example in the format people type ("30-09-2027"), computed from today, and the
fields accept that format; every page writes dates in one style per language."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from flask_babel import force_locale

from wijkhulp.database import LOCAL_TZ
from wijkhulp.text import EXAMPLE_DATE, EXAMPLE_DATE_TIME

TYPED = re.compile(r"(\d{2})-(\d{2})-(\d{4})")


def _example_day(text: str) -> date:
    match = TYPED.search(text)
    assert match is not None, text
    return date(int(match[3]), int(match[2]), int(match[1]))


def test_the_example_lies_ahead_and_reads_as_people_type_it() -> None:
    today = datetime.now(LOCAL_TZ).date()
    day = _example_day(str(EXAMPLE_DATE))
    assert today + timedelta(days=200) < day < today + timedelta(days=400)
    assert re.fullmatch(r"\d{2}-\d{2}-\d{4} 17:00", str(EXAMPLE_DATE_TIME))


def test_the_listing_date_error_shows_the_example_and_accepts_that_format(make_app) -> None:
    from wijkhulp.marketplace.forms import parse_date

    app = make_app(BABEL_DEFAULT_LOCALE="nl")
    example = str(EXAMPLE_DATE)
    assert parse_date(example) == _example_day(example)  # what the hint shows is what the field reads
    with app.test_request_context(), force_locale("nl"):
        from flask_babel import gettext

        text = gettext("Enter the date like this: %(example)s.", example=EXAMPLE_DATE)
    assert text == f"Vul de datum zo in: {example}." and "2025" not in text


def test_plan_hints_and_fields_use_the_typed_format(make_app) -> None:
    from wijkhulp.proposals.forms import DATE_TIME_HINT

    app = make_app(BABEL_DEFAULT_LOCALE="nl")
    with app.test_request_context(), force_locale("nl"):
        hint = str(DATE_TIME_HINT)
    assert TYPED.search(hint) and _example_day(hint) > datetime.now(LOCAL_TZ).date()


def test_the_filters_accept_a_typed_date(make_app) -> None:
    from tests import factories

    app = make_app(BABEL_DEFAULT_LOCALE="nl")
    with app.app_context():
        email = factories.manager().email
    client = app.test_client()
    factories.login(client, email)
    assert client.get("/manage/audit?start=01-01-2026&end=31-12-2026").status_code == 200
    assert client.get("/manage/dashboard?start=01-01-2026&end=31-01-2026").status_code == 200
    assert client.get("/manage/audit?start=31-02-2026").status_code == 422


def test_one_date_style_per_language(make_app) -> None:
    from wijkhulp.i18n import date_local, datetime_local

    app = make_app()
    moment = datetime(2026, 12, 7, 14, 52, tzinfo=LOCAL_TZ.utcoffset(datetime(2026, 12, 7)) and LOCAL_TZ)
    with app.test_request_context():
        with force_locale("nl"):
            assert datetime_local(moment, "short") == "7 december 2026, 14:52"
            assert datetime_local(moment) == datetime_local(moment, "medium") == "7 december 2026, 14:52"
            assert date_local(moment.date(), "long") == date_local(moment.date()) == "7 december 2026"
        with force_locale("en"):
            assert datetime_local(moment, "short") == "7 December 2026, 14:52"
            assert date_local(moment.date()) == "7 December 2026"


def test_the_demo_rounds_and_call_lie_around_today(make_app) -> None:
    """Seeded relative to today, so a demo run next year still shows an open round and an open call."""
    from sqlalchemy import select

    from wijkhulp.database import utcnow
    from wijkhulp.extensions import db
    from wijkhulp.ideas.models import AuctionRound
    from wijkhulp.proposals.models import Call

    app = make_app()
    assert app.test_cli_runner().invoke(args=["demo", "seed"]).exit_code == 0
    with app.app_context():
        now = utcnow()
        rounds = list(db.session.scalars(select(AuctionRound)))
        assert any(r.opens_at <= now < r.closes_at for r in rounds)
        assert all(str(now.year - 1) not in r.name and "2025" not in r.name for r in rounds)
        calls = list(db.session.scalars(select(Call)))
        assert any(c.opens_at <= now < c.closes_at for c in calls)
        texts = " ".join(r.description or "" for r in rounds) + " ".join(c.description or "" for c in calls)
        assert " u " not in f" {texts} " and " uw " not in f" {texts} "  # "je", not "u"
