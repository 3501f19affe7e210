"""The pure MARAC rules: meeting dates from a pattern, which cases fill an agenda, quarters."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from marac.rules import (
    Waiting,
    agenda_choose,
    financial_quarter,
    is_meeting_day,
    meeting_dates,
    quarterly_figures,
)
from referrals.risk import repeat_window_start

TUE = date(2026, 1, 6)  # the first Swale meeting: every other Tuesday from here


@pytest.mark.parametrize(
    ("first", "weeks", "on_or_after", "count", "expected"),
    [
        (TUE, 2, date(2026, 1, 1), 2, [date(2026, 1, 6), date(2026, 1, 20)]),  # before the first meeting
        (TUE, 2, date(2026, 1, 6), 1, [date(2026, 1, 6)]),  # on a meeting day: that day
        (TUE, 2, date(2026, 1, 7), 1, [date(2026, 1, 20)]),  # the day after: the next one
        (TUE, 2, date(2026, 1, 13), 1, [date(2026, 1, 20)]),  # the off-week Tuesday is not a meeting
        (TUE, 2, date(2026, 11, 23), 2, [date(2026, 11, 24), date(2026, 12, 8)]),
        (TUE, 4, date(2026, 2, 4), 1, [date(2026, 3, 3)]),
        (TUE, 1, date(2026, 1, 8), 3, [date(2026, 1, 13), date(2026, 1, 20), date(2026, 1, 27)]),
        (TUE, 2, date(2026, 1, 1), 0, []),
    ],
)
def test_it_lists_meeting_dates_from_the_pattern(first, weeks, on_or_after, count, expected) -> None:
    dates = meeting_dates(first_meeting_on=first, interval_weeks=weeks, on_or_after=on_or_after, count=count)
    assert dates == expected
    assert all(is_meeting_day(first_meeting_on=first, interval_weeks=weeks, day=d) for d in dates)


def _at(day: int) -> datetime:
    return datetime(2026, 3, day, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("waiting", "places", "expected"),
    [
        ([Waiting(1, False, _at(3)), Waiting(2, False, _at(1))], 5, [2, 1]),  # oldest first
        ([Waiting(1, False, _at(1)), Waiting(2, True, _at(9))], 5, [2, 1]),  # repeats before the oldest
        ([Waiting(i, False, _at(i)) for i in range(1, 6)], 3, [1, 2, 3]),  # at the limit: the newest wait
        ([Waiting(1, False, _at(1)), Waiting(2, True, _at(2)), Waiting(3, True, _at(1))], 2, [3, 2]),
        ([Waiting(1, False, _at(1))], 0, []),  # the agenda is full
        ([Waiting(1, False, _at(1))], -1, []),  # over-full after a limit was lowered
        ([Waiting(2, False, _at(1)), Waiting(1, False, _at(1))], 1, [1]),  # same moment: by id, stable
    ],
)
def test_it_chooses_repeats_then_the_oldest_up_to_the_places_left(waiting, places, expected) -> None:
    assert agenda_choose(waiting, places=places) == expected


@pytest.mark.parametrize(
    ("day", "quarter"),
    [
        (date(2026, 4, 1), "2026/27 Q1"),
        (date(2026, 6, 30), "2026/27 Q1"),
        (date(2026, 7, 1), "2026/27 Q2"),
        (date(2026, 12, 31), "2026/27 Q3"),
        (date(2027, 1, 1), "2026/27 Q4"),
        (date(2027, 3, 31), "2026/27 Q4"),
        (date(2019, 11, 5), "2019/20 Q3"),
    ],
)
def test_it_names_the_financial_quarter(day: date, quarter: str) -> None:
    assert financial_quarter(day) == quarter


@pytest.mark.parametrize(
    ("on", "start"),
    [
        (date(2026, 11, 23), date(2025, 11, 23)),
        (date(2024, 2, 29), date(2023, 2, 28)),  # a leap day: the last day of February a year before
        (date(2026, 3, 31), date(2025, 3, 31)),
    ],
)
def test_the_repeat_window_starts_twelve_months_before(on: date, start: date) -> None:
    assert repeat_window_start(on, months=12) == start


def test_it_counts_heard_cases_repeats_and_sources_per_quarter() -> None:
    rows = [
        (date(2026, 4, 7), False, "police", 1, 2),
        (date(2026, 5, 5), True, "police", 1, 0),
        (date(2026, 6, 2), False, "health", 1, 3),
        (date(2026, 7, 14), False, "self", 1, 1),
    ]
    figures = quarterly_figures(rows, as_of=date(2026, 7, 14))
    assert [(f.quarter, f.heard, f.repeats, f.children, f.by_source) for f in figures] == [
        ("2026/27 Q1", 3, 1, 5, {"police": 2, "health": 1}),
        ("2026/27 Q2", 1, 0, 1, {"self": 1}),
    ]


def test_cases_heard_alike_on_one_day_count_each() -> None:
    rows = [(date(2026, 5, 5), True, "police", 3, 4), (date(2026, 5, 5), False, "police", 2, 0)]
    figures = quarterly_figures(rows, as_of=date(2026, 7, 14))
    assert [(f.quarter, f.heard, f.repeats, f.children, f.by_source) for f in figures] == [
        ("2026/27 Q1", 5, 3, 4, {"police": 5})
    ]


def test_a_case_heard_after_the_day_of_the_figures_counts_nowhere() -> None:
    rows = [(date(2026, 6, 30), False, "police", 1, 1), (date(2026, 7, 1), False, "police", 1, 4)]
    figures = quarterly_figures(rows, as_of=date(2026, 6, 30))
    assert [(f.quarter, f.heard) for f in figures] == [("2026/27 Q1", 1)]
