"""The impact page's period chooser: the figures follow the chosen period, the texts name it, suppression stays."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from wijkhulp.dashboard.periods import IMPACT_START, _months_before, impact_period
from wijkhulp.registry import metrics as catalogue


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    """A public figure that remembers the start it was asked for; its value is a count of 3 people (suppressed)."""
    monkeypatch.setattr(catalogue.FIGURES, "_entries", dict(catalogue.FIGURES._entries))
    starts: list[datetime] = []

    def people(pc4s: frozenset[str] | None, start: datetime, end: datetime) -> int:
        starts.append(start)
        return 3

    catalogue.FIGURES.add(catalogue.Figure("test_people", label="Test people", compute=people, section="Test",
                                           public=True))
    return starts


def test_months_before_keeps_the_day_or_takes_the_last_of_a_short_month() -> None:
    assert _months_before(date(2026, 12, 8), 3) == date(2026, 9, 8)
    assert _months_before(date(2026, 5, 31), 3) == date(2026, 2, 28)
    assert _months_before(date(2026, 1, 15), 12) == date(2025, 1, 15)
    assert _months_before(date(2026, 2, 10), 2) == date(2025, 12, 10)


def test_impact_periods_end_today_and_start_where_their_name_says() -> None:
    now = datetime(2026, 12, 8, 10, 0, tzinfo=UTC)
    assert impact_period("all", now) is None and impact_period("nonsense", now) is None
    four = impact_period("4w", now)
    assert four is not None and four.days == 28 and four.last_day == date(2026, 12, 8)
    assert impact_period("3m", now).first_day == date(2026, 9, 9)
    assert impact_period("12m", now).first_day == date(2025, 12, 9)
    assert impact_period("year", now).first_day == date(2026, 1, 1)


def test_the_figures_follow_the_chosen_period_and_the_page_names_it(app, client, seen) -> None:
    page = client.get("/impact").get_data(as_text=True)
    assert seen[-1] == IMPACT_START and "since the start" in page
    assert '<option selected value="all">' in page or 'value="all" selected' in page
    page = client.get("/impact?period=4w").get_data(as_text=True)
    assert seen[-1] != IMPACT_START and (datetime.now(UTC) - seen[-1]).days in (27, 28)
    assert "the last 4 weeks (" in page and "All figures below are about: the last 4 weeks" in page
    assert "this period" not in page.split("<main", 1)[1].split("Test people", 1)[0]
    # suppression is unchanged: 3 people is "<5"
    assert '<span aria-hidden="true">&lt;5</span><span class="visually-hidden">fewer than 5</span>' in page
    page = client.get("/impact?period=year").get_data(as_text=True)
    assert "this year (1 January" in page


def test_an_unknown_period_is_the_default_not_an_error(app, client, seen) -> None:
    response = client.get("/impact?period=%27%3B--")
    assert response.status_code == 200 and seen[-1] == IMPACT_START


def test_the_button_sits_in_the_same_form_as_both_selects(app, client, seen) -> None:
    page = client.get("/impact").get_data(as_text=True)
    form = page.split('class="form form--inline form--filter"', 1)[1].split("</form>", 1)[0]
    assert 'name="neighbourhood"' in form and 'name="period"' in form and ">Show</button>" in form
