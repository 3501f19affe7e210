"""Vacancy rate at any date. Pure."""

from __future__ import annotations

from datetime import date

import pytest

from casework.refuge import Stay, vacancy_rate

PLACES = [1, 2, 3, 4]
STAYS = [
    Stay(1, date(2026, 1, 1), date(2026, 3, 1)),
    Stay(2, date(2026, 2, 1), None),
    Stay(1, date(2026, 3, 1), None),  # the next resident moves in the day the last one left
]


@pytest.mark.parametrize(
    ("day", "rate"),
    [
        (date(2025, 12, 31), 1.0),
        (date(2026, 1, 1), 0.75),
        (date(2026, 2, 1), 0.5),
        (date(2026, 2, 28), 0.5),
        (date(2026, 3, 1), 0.5),  # move-out day and move-in day: one stay each side
        (date(2026, 12, 1), 0.5),
    ],
)
def test_the_vacancy_rate_on_a_day(day: date, rate: float) -> None:
    assert vacancy_rate(PLACES, STAYS, day) == rate


def test_no_places_means_no_rate() -> None:
    assert vacancy_rate([], STAYS, date(2026, 1, 1)) is None
