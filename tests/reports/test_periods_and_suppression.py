"""Financial periods (April to March, London time) and small-number suppression: pure rules, table tests."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from reports.periods import LONDON, financial_period, financial_year_of, parse_key, period_from_key
from reports.suppression import count_cell, percent_cell


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2026, 3, 31), 2025),
        (date(2026, 4, 1), 2026),
        (date(2026, 1, 1), 2025),
        (date(2025, 12, 31), 2025),
    ],
)
def test_it_puts_31_march_and_1_april_in_different_years(day: date, year: int) -> None:
    assert financial_year_of(day) == year


@pytest.mark.parametrize(
    ("quarter", "start", "end", "label"),
    [
        (None, date(2025, 4, 1), date(2026, 4, 1), "2025/26"),
        (1, date(2025, 4, 1), date(2025, 7, 1), "2025/26 Q1"),
        (2, date(2025, 7, 1), date(2025, 10, 1), "2025/26 Q2"),
        (3, date(2025, 10, 1), date(2026, 1, 1), "2025/26 Q3"),
        (4, date(2026, 1, 1), date(2026, 4, 1), "2025/26 Q4"),
    ],
)
def test_it_knows_the_financial_quarters(quarter: int | None, start: date, end: date, label: str) -> None:
    period = financial_period(2025, quarter)
    assert (period.start, period.end, period.label) == (start, end, label)
    assert period_from_key(period.key) == period
    assert period.same_period_last_year() == financial_period(2024, quarter)


def test_a_period_starts_at_london_midnight_whatever_the_season() -> None:
    # 1 April is in British Summer Time: the year starts at 23:00 UTC on 31 March.
    assert financial_period(2026).starts_at == datetime(2026, 3, 31, 23, 0, tzinfo=UTC)
    assert financial_period(2025, 3).ends_at == datetime(2026, 1, 1, 0, 0, tzinfo=LONDON)


@pytest.mark.parametrize("key", ["2025", "2025-27", "2025-26-q5", "q1", "", "2025/26"])
def test_it_refuses_a_period_it_does_not_know(key: str) -> None:
    with pytest.raises(ValueError):
        parse_key(key)


@pytest.mark.parametrize(
    ("count", "suppress", "shown"),
    [
        (0, True, "0"),
        (1, True, "<5"),
        (4, True, "<5"),
        (5, True, "5"),
        (4, False, "4"),
        (1234, True, "1,235"),  # rounded to base 5
        (1234, False, "1,234"),
        (37, True, "35"),
        (38, True, "40"),
    ],
)
def test_it_hides_counts_of_one_to_four_from_outsiders(count: int, suppress: bool, shown: str) -> None:
    assert count_cell(count, suppress=suppress) == shown


@pytest.mark.parametrize(
    ("yes", "asked", "suppress", "shown"),
    [
        (10, 20, True, "50.0%"),
        (3, 20, True, "<5"),  # the yes side is small
        (18, 20, True, "<5"),  # the no side (2) could be worked out
        (20, 20, True, "100.0%"),  # nobody said no: nothing small to give away
        (0, 0, True, "–"),
        (3, 20, False, "15.0%"),
    ],
)
def test_it_hides_percentages_that_would_give_a_small_count_away(
    yes: int, asked: int, suppress: bool, shown: str
) -> None:
    assert percent_cell(yes, asked, suppress=suppress) == shown


@pytest.mark.parametrize(
    ("shown", "in_csv", "in_excel"),
    [
        ("1,234", "1234", 1234),
        ("<5", "<5", "<5"),
        ("45.5%", "45.5%", 0.455),
        ("£91,000.00", "£91000.00", 91000.0),
        ("–", "–", "–"),
        ("=HYPERLINK()", "=HYPERLINK()", "'=HYPERLINK()"),
    ],
)
def test_exports_keep_numbers_as_numbers_and_suppressed_cells_as_text(
    shown: str, in_csv: str, in_excel: object
) -> None:
    from reports.exports import _cell, _plain

    assert _plain(shown) == in_csv
    assert _cell(shown)[0] == pytest.approx(in_excel) if isinstance(in_excel, float) else _cell(shown)[0] == in_excel
