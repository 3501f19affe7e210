"""Pure MARAC rules: no database. Table-driven tests in tests/marac/test_rules.py."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from referrals.states import State

# A withdrawn or duplicate referral is no longer a case for MARAC: it leaves the high-risk list and
# is never put on an agenda (a closed one stays: the risk has not gone because support ended).
LEFT_MARAC_STATES = (State.WITHDRAWN, State.DUPLICATE)


def meeting_dates(*, first_meeting_on: date, interval_weeks: int, on_or_after: date, count: int) -> list[date]:
    """The next `count` meeting dates of a pattern ("every N weeks from the first meeting"), from a day on."""
    if interval_weeks < 1 or count < 1:
        return []
    step = timedelta(weeks=interval_weeks)
    if on_or_after <= first_meeting_on:
        first = first_meeting_on
    else:
        periods = -(-(on_or_after - first_meeting_on).days // step.days)  # ceiling division
        first = first_meeting_on + periods * step
    return [first + i * step for i in range(count)]


def is_meeting_day(*, first_meeting_on: date, interval_weeks: int, day: date) -> bool:
    return day >= first_meeting_on and (day - first_meeting_on).days % (interval_weeks * 7) == 0


@dataclass(frozen=True)
class Waiting:
    """A case waiting to be heard, as the agenda rule sees it."""

    id: int
    is_repeat: bool
    listed_at: datetime


def agenda_choose(waiting: Iterable[Waiting], *, places: int) -> list[int]:
    """Which waiting cases go on the agenda: repeats first, then the oldest, up to the places left."""
    ordered = sorted(waiting, key=lambda w: (not w.is_repeat, w.listed_at, w.id))
    return [w.id for w in ordered[: max(places, 0)]]


def financial_quarter(day: date) -> str:
    """The UK financial-year quarter commissioners report by: April–June is Q1 of 2026/27."""
    start_year = day.year if day.month >= 4 else day.year - 1
    quarter = (day.month - 4) % 12 // 3 + 1
    return f"{start_year}/{str(start_year + 1)[-2:]} Q{quarter}"


@dataclass
class QuarterFigures:
    quarter: str
    heard: int = 0
    repeats: int = 0
    by_source: dict[str, int] | None = None


def quarterly_figures(rows: Sequence[tuple[date, bool, str]], *, as_of: date) -> list[QuarterFigures]:
    """Cases heard, repeats and referral sources per quarter, from (heard_on, is_repeat, source) rows.
    Each case counts in the quarter it was heard in; a "heard" date after `as_of` (today) is not a
    hearing yet and counts nowhere."""
    quarters: dict[str, QuarterFigures] = {}
    for heard_on, is_repeat, source in sorted((r for r in rows if r[0] <= as_of), key=lambda r: r[0]):
        figures = quarters.setdefault(financial_quarter(heard_on), QuarterFigures(financial_quarter(heard_on)))
        figures.heard += 1
        figures.repeats += int(is_repeat)
        figures.by_source = figures.by_source or {}
        figures.by_source[source] = figures.by_source.get(source, 0) + 1
    return list(quarters.values())
