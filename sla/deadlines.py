"""Deadline arithmetic: pure functions, no database.

What the service levels mean, as this project reads domain.md:
- "N hours" is elapsed time, round the clock: a high-risk referral cannot wait for Monday. It is
  counted in UTC, so a clock change does not stretch or shrink it (24 hours from Saturday noon
  before the clocks go back is Sunday 11:00 London time, not Sunday noon).
- "N working days" is the same clock time N working days later. Working days are Monday to Friday
  except England and Wales bank holidays (the maintained `holidays` package, not a typed list).
  The working day runs from 09:00 to 17:00 Europe/London: a clock started outside it (at night,
  at a weekend, on a bank holiday) counts from the start of the next working day, 09:00.
  So received Friday 16:00 + 1 working day = Monday 16:00; received Saturday 11:00 = Tuesday 09:00.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")
START_OF_BUSINESS = time(9, 0)
END_OF_BUSINESS = time(17, 0)


class Unit(StrEnum):
    HOURS = "hours"
    WORKING_DAYS = "working_days"


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv="ENG", years=year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def next_working_day(day: date) -> date:
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_elapsed(start: datetime, delta: timedelta) -> datetime:
    """`start` plus `delta` of real elapsed time, in London time. Python adds a timedelta to an aware
    datetime on the wall clock of its own zone, which is an hour out across a change of the clocks;
    adding in UTC is not."""
    return (start.astimezone(UTC) + delta).astimezone(LONDON)


def start_of_clock(start: datetime) -> datetime:
    """When a working-day clock starts counting: `start` itself inside the working day, otherwise
    09:00 of the next working day (or of today, before 09:00 on a working day)."""
    local = start.astimezone(LONDON)
    day = local.date()
    if is_working_day(day) and START_OF_BUSINESS <= local.time() < END_OF_BUSINESS:
        return local
    if not (is_working_day(day) and local.time() < START_OF_BUSINESS):
        day = next_working_day(day)
    return datetime.combine(day, START_OF_BUSINESS, tzinfo=LONDON)


def add_working_days(start: datetime, days: int) -> datetime:
    local = start_of_clock(start)
    day = local.date()
    for _ in range(days):
        day = next_working_day(day)
    # Rebuild the wall-clock time on the new day, so a change to or from summer time keeps 16:00 at 16:00.
    return datetime.combine(day, local.time().replace(tzinfo=None), tzinfo=LONDON)


def due_at(*, start: datetime, amount: int, unit: str) -> datetime:
    """The deadline of a clock started at `start` that allows `amount` `unit`s."""
    if unit == Unit.HOURS:
        return add_elapsed(start, timedelta(hours=amount))
    if unit == Unit.WORKING_DAYS:
        return add_working_days(start, amount)
    raise ValueError(f"Unknown unit {unit!r}")


def remind_at(*, start: datetime, due: datetime, before: timedelta) -> datetime:
    """When the "due soon" reminder goes: `before` the deadline, never before the clock started."""
    # Compared as instants: two London times on the night the clocks go back compare on the wall clock.
    return max(start.astimezone(UTC), add_elapsed(due, -before).astimezone(UTC)).astimezone(LONDON)


def reminder_kinds(
    *, now: datetime, remind_at: datetime, due_at: datetime, escalate_at: datetime
) -> tuple[list[str], datetime | None]:
    """Which reminders are due for a clock at `now`, and when the sweep should look again.

    A sweep that comes late (the broker was away) sends only what is true now: no "due soon"
    once the deadline has passed. Escalation adds the managers; the workers are told it is overdue."""
    if now >= escalate_at:
        return ["overdue", "escalated"], None
    if now >= due_at:
        return ["overdue"], escalate_at
    if now >= remind_at:
        return ["due_soon"], due_at
    return [], remind_at


def deadline_status(due: datetime | None, remind: datetime | None, now: datetime) -> str:
    """How a running clock stands at `now`: "overdue", "due_soon", "on_time", or "" when no clock runs."""
    if due is None:
        return ""
    if now >= due:
        return "overdue"
    if remind is not None and now >= remind:
        return "due_soon"
    return "on_time"
