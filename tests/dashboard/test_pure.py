"""Suppression, periods, weeks and chart geometry: pure functions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from wijkhulp import metrics
from wijkhulp.dashboard import charts
from wijkhulp.dashboard.periods import InvalidPeriod, default_period, make_period
from wijkhulp.metrics import Measure, suppress


@pytest.mark.parametrize("value, unit, shown", [
    (0, "count", 0),  # nobody: nobody to single out
    (1, "count", "<5"), (4, "count", "<5"), (5, "count", 5), (120, "count", 120),
    (None, "count", None),
    (3, "hours", 3),  # hours without a basis are not counts
    # a rate or median over 1-4 cases is "–" (TOO_FEW), never "<5": that would read as "fewer than 5 %/days"
    (Measure(75.0, basis=3), "percent", "–"), (Measure(75.0, basis=8), "percent", 75.0),
    (Measure(6.5, basis=1), "days", "–"), (Measure(6.5, basis=4), "days", "–"), (Measure(6.5, basis=5), "days", 6.5),
    (Measure(None, basis=0), "days", None), (Measure(2.5), "days", 2.5),
    (Measure(2, basis=2), "count", "<5"),
])
def test_suppress(value, unit, shown) -> None:
    assert suppress(value, unit) == shown


def test_is_small() -> None:
    assert [metrics.is_small(n) for n in (None, 0, 1, 4, 5)] == [False, False, True, True, False]


def test_default_period_is_twelve_weeks_up_to_today() -> None:
    now = datetime(2024, 3, 31, 22, 30, tzinfo=UTC)  # already 1 April in the Netherlands
    period = default_period(now)
    assert period.last_day == date(2024, 4, 1) and period.days == 84
    assert period.start == datetime(2024, 1, 8, 23, 0, tzinfo=UTC)  # midnight in Amsterdam (winter time)
    assert period.end == datetime(2024, 4, 1, 22, 0, tzinfo=UTC)  # summer time


def test_make_period() -> None:
    now = datetime(2024, 6, 1, 12, tzinfo=UTC)
    assert make_period(date(2024, 5, 1), date(2024, 5, 31), now).days == 31
    assert make_period(None, date(2024, 5, 31), now).first_day == date(2024, 5, 31) - timedelta(days=83)
    assert make_period(date(2024, 1, 1), None, now).last_day == date(2024, 1, 1) + timedelta(days=83)
    with pytest.raises(InvalidPeriod):
        make_period(date(2024, 5, 2), date(2024, 5, 1), now)
    with pytest.raises(InvalidPeriod):
        make_period(date(2022, 1, 1), date(2024, 1, 1), now)


def test_weeks_are_clipped_and_follow_dutch_time() -> None:
    start = datetime(2024, 3, 27, 23, 0, tzinfo=UTC)  # Thursday 28 March, 00:00 in Amsterdam
    end = datetime(2024, 4, 9, 22, 0, tzinfo=UTC)  # Wednesday 10 April, 00:00 (summer time)
    calls: list[tuple[datetime, datetime]] = []
    rows = metrics.per_week(lambda a, b: calls.append((a, b)) or 1, start, end)
    assert [label for label, _ in rows] == ["2024-W13", "2024-W14", "2024-W15"]
    assert calls[0] == (start, datetime(2024, 3, 31, 22, 0, tzinfo=UTC))  # the clocks went forward on 31 March
    assert calls[1] == (datetime(2024, 3, 31, 22, 0, tzinfo=UTC), datetime(2024, 4, 7, 22, 0, tzinfo=UTC))
    assert calls[2] == (datetime(2024, 4, 7, 22, 0, tzinfo=UTC), end)


def test_bar_chart_geometry() -> None:
    chart = charts.bar_chart([("Boodschappen", 10), ("Tuin", 5), ("Vervoer", 0), ("Klein", "<5")], ["Aantal"],
                             texts=[["10"], ["5"], ["0"], ["<5"]])
    widths = [bar.width for bar in chart.bars]
    span = chart.width - charts.LABEL_WIDTH - charts.VALUE_SPACE
    assert widths == [span, span / 2, 0, 0]
    assert [bar.value_text for bar in chart.bars] == ["10", "5", "0", "<5"]
    assert [label.text for label in chart.labels] == ["Boodschappen", "Tuin", "Vervoer", "Klein"]
    assert chart.legend == [] and chart.height > 4 * charts.BAR_HEIGHT
    assert all(bar.y + bar.height <= chart.height for bar in chart.bars)


def test_grouped_bars_have_a_legend_and_short_labels() -> None:
    chart = charts.bar_chart([("Een heel erg lange categorienaam die niet past", 3, 6)], ["Vragen", "Aanbod"])
    assert [item.text for item in chart.legend] == ["Vragen", "Aanbod"]
    assert [bar.column for bar in chart.bars] == [0, 1]
    assert chart.bars[1].y > chart.bars[0].y
    assert chart.labels[0].text.endswith("…") and len(chart.labels[0].text) == charts.LABEL_CHARS


def test_labels_and_legend_stay_inside_the_image() -> None:
    # 14 px text is at most about 8.5 px per character (DejaVu Sans, the fallback font)
    names = ["Open hulpvragen in deze periode", "Open hulpaanbod in deze periode", "Reacties", "Matches"]
    chart = charts.bar_chart([("Verstuurd: wacht op beoordeling", 1, 2, 3, 4)], names)
    assert charts.LABEL_CHARS * 8.5 <= charts.LABEL_WIDTH - 8
    assert len({item.y for item in chart.legend}) == 4  # one item per line: they cannot overlap
    assert all(item.x + 20 + len(item.text) * 8.5 <= chart.width for item in chart.legend)
    assert min(bar.y for bar in chart.bars) > max(item.y + 14 for item in chart.legend)


def test_an_empty_chart() -> None:
    chart = charts.bar_chart([], ["Aantal"])
    assert chart.bars == [] and chart.height > 0
