"""Reporting periods: UK financial quarters and years (April to March), in London time. Pure, no database.

A period is [start, end): the first day it covers and the first day after it. Its instants are
London midnights, so a referral received at 00:30 BST on 1 April is in the new year."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # exclusive
    label: str
    key: str  # "2025-26" or "2025-26-q1": what the period picker sends

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.start, time.min, tzinfo=LONDON)

    @property
    def ends_at(self) -> datetime:
        return datetime.combine(self.end, time.min, tzinfo=LONDON)

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def months(self) -> list[date]:
        """The first day of each calendar month in the period."""
        firsts = []
        day = self.start.replace(day=1)
        while day < self.end:
            firsts.append(day)
            day = next_month_start(day)
        return firsts

    def same_period_last_year(self) -> Period:
        year, quarter = parse_key(self.key)
        return financial_period(year - 1, quarter)


def month_start(month: date) -> datetime:
    """Midnight in London at the start of the day `month` (the first of a month)."""
    return datetime.combine(month, time.min, tzinfo=LONDON)


def next_month_start(day: date) -> date:
    """The first day of the calendar month after `day`'s."""
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def financial_year_of(day: date) -> int:
    """The calendar year a financial year starts in: 31 March 2026 is in 2025/26, 1 April 2026 in 2026/27."""
    return day.year if day.month >= 4 else day.year - 1


def _year_label(year: int) -> str:
    return f"{year}/{str(year + 1)[-2:]}"


def financial_period(year: int, quarter: int | None = None) -> Period:
    """The financial year starting 1 April `year`, or its quarter 1–4 (Q1 = April–June)."""
    if quarter is None:
        return Period(date(year, 4, 1), date(year + 1, 4, 1), _year_label(year), f"{year}-{str(year + 1)[-2:]}")
    if quarter not in (1, 2, 3, 4):
        raise ValueError("A financial quarter is 1, 2, 3 or 4")
    first_month = 4 + 3 * (quarter - 1)  # 4, 7, 10, 13
    start = date(year + (first_month > 12), (first_month - 1) % 12 + 1, 1)
    end_month = first_month + 3
    end = date(year + (end_month > 12), (end_month - 1) % 12 + 1, 1)
    return Period(start, end, f"{_year_label(year)} Q{quarter}", f"{year}-{str(year + 1)[-2:]}-q{quarter}")


KEY = re.compile(r"^(\d{4})-(\d{2})(?:-q([1-4]))?$")


def parse_key(key: str) -> tuple[int, int | None]:
    """ "2025-26" → (2025, None); "2025-26-q3" → (2025, 3). ValueError for anything else."""
    match = KEY.match(key.strip().lower())
    if not match:
        raise ValueError(f"Not a financial year or quarter: {key!r}")
    year = int(match.group(1))
    if int(match.group(2)) != (year + 1) % 100:
        raise ValueError(f"Not a financial year or quarter: {key!r}")
    return year, int(match.group(3)) if match.group(3) else None


def period_from_key(key: str) -> Period:
    return financial_period(*parse_key(key))


def current_quarter(today: date) -> Period:
    year = financial_year_of(today)
    return financial_period(year, (today.month - 4) % 12 // 3 + 1)


@lru_cache(maxsize=8)
def recent_periods(today: date, years: int = 4) -> tuple[Period, ...]:
    """For the picker: the last few financial years, each followed by its quarters, newest first. The same
    for a whole day, so worked out once a day (every picker on every report page asks)."""
    periods: list[Period] = []
    for year in range(financial_year_of(today), financial_year_of(today) - years, -1):
        periods.append(financial_period(year))
        periods.extend(financial_period(year, q) for q in (4, 3, 2, 1) if financial_period(year, q).start <= today)
    return tuple(periods)
