"""The children's service's 12-week clock (004 §3.5: up to 12 weeks of work with the child). Pure: when the
clock is due and when the worker is reminded, and which reminders a sweep at a moment owes."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo

from accommodation.children_service_models import ChildReminderKind

# The contract's length of work; the worker hears two weeks before the end (week 10), and at the end.
WEEKS = 12
REMIND_WEEKS_BEFORE = 2
# Reminders go out at the start of the working day.
REMIND_AT = time(9, 0)


def child_clock(
    started_on: date, tz: tzinfo, *, weeks: int = WEEKS, remind_weeks_before: int = REMIND_WEEKS_BEFORE
) -> tuple[datetime, datetime]:
    """(remind_at, due_at): 9am on the day `weeks - remind_weeks_before` weeks and `weeks` weeks after the start."""
    due_on = started_on + timedelta(weeks=weeks)
    remind_on = due_on - timedelta(weeks=remind_weeks_before)
    return datetime.combine(remind_on, REMIND_AT, tz), datetime.combine(due_on, REMIND_AT, tz)


def child_reminders_due(
    *, now: datetime, remind_at: datetime, due_at: datetime
) -> tuple[list[ChildReminderKind], datetime | None]:
    """The reminders owed at `now` and the next moment the sweep should look again (None: nothing left).
    Owing both at once (a sweep that ran late) gives both: the unique rule keeps each to one."""
    kinds = []
    if now >= remind_at:
        kinds.append(ChildReminderKind.ENDING_SOON)
    if now >= due_at:
        kinds.append(ChildReminderKind.ENDED)
        return kinds, None
    return kinds, due_at if now >= remind_at else remind_at
