"""Deadline arithmetic: working days skip weekends and England and Wales bank holidays."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from sla.deadlines import LONDON, add_working_days, due_at, is_working_day, remind_at, reminder_kinds, start_of_clock
from sla.stages import Stage, clocks_to_start, clocks_to_stop


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        ("2026-11-23 10:00", 1, "2026-11-24 10:00"),  # Monday → Tuesday, same clock time
        ("2026-11-27 16:00", 1, "2026-11-30 16:00"),  # Friday → Monday, over the weekend
        ("2026-11-27 16:00", 2, "2026-12-01 16:00"),
        ("2026-11-28 11:00", 1, "2026-12-01 09:00"),  # Saturday counts from Monday 09:00
        ("2026-11-23 07:30", 1, "2026-11-24 09:00"),  # before opening: from 09:00 today
        ("2026-11-23 18:00", 1, "2026-11-25 09:00"),  # after closing: from 09:00 tomorrow
        ("2026-12-24 14:00", 1, "2026-12-29 14:00"),  # Christmas Fri, weekend, Boxing Day observed Mon
        ("2026-12-24 14:00", 5, "2027-01-05 14:00"),  # and New Year's Day
        ("2026-12-25 10:00", 1, "2026-12-30 09:00"),  # received on Christmas Day
        ("2026-04-02 12:00", 1, "2026-04-07 12:00"),  # Thursday before Easter: Good Friday, Easter Monday
        ("2026-04-06 12:00", 2, "2026-04-09 09:00"),  # received on Easter Monday
        ("2026-03-27 10:00", 1, "2026-03-30 10:00"),  # clocks go forward on Sunday 29 March: still 10:00
    ],
)
def test_it_adds_working_days(start: str, days: int, expected: str) -> None:
    assert add_working_days(at(start), days) == at(expected)


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        ("2026-11-27 16:00", 4, "2026-11-27 20:00"),  # hours run round the clock
        ("2026-11-28 23:00", 4, "2026-11-29 03:00"),  # at weekends too
        ("2026-12-25 10:00", 24, "2026-12-26 10:00"),  # and on bank holidays
    ],
)
def test_it_counts_hours_round_the_clock(start: str, hours: int, expected: str) -> None:
    assert due_at(start=at(start), amount=hours, unit="hours") == at(expected)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# Hours are elapsed time: across a change of the clocks the London wall clock moves by one hour
# more or less than the allowance. Expected values are UTC instants (01:30 London happens twice
# on the night the clocks go back, and not at all on the night they go forward).
@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        # Clocks go back at 02:00 BST on Sunday 25 October 2026.
        (utc("2026-10-24 11:00"), 24, utc("2026-10-25 11:00")),  # Sat 12:00 BST → Sun 11:00 GMT
        (utc("2026-10-24 22:00"), 4, utc("2026-10-25 02:00")),  # Sat 23:00 BST → Sun 02:00 GMT
        (utc("2026-10-25 00:30"), 1, utc("2026-10-25 01:30")),  # the first 01:30 → the second 01:30
        (utc("2026-10-24 12:00"), 14 * 24, utc("2026-11-07 12:00")),  # 14 days from 13:00 BST → 12:00 GMT
        # Clocks go forward at 01:00 GMT on Sunday 28 March 2027.
        (utc("2027-03-28 00:30"), 4, utc("2027-03-28 04:30")),  # Sun 00:30 GMT → 05:30 BST
        (utc("2027-03-27 12:00"), 24, utc("2027-03-28 12:00")),  # Sat 12:00 GMT → Sun 13:00 BST
        (utc("2027-03-27 23:00"), 4, utc("2027-03-28 03:00")),  # Sat 23:00 GMT → Sun 04:00 BST
    ],
)
def test_an_hour_allowance_is_elapsed_time_across_a_clock_change(
    start: datetime, hours: int, expected: datetime
) -> None:
    for given in (start, start.astimezone(LONDON)):  # a start in UTC or in London time: the same instant
        due = due_at(start=given, amount=hours, unit="hours")
        assert due.astimezone(UTC) == expected
        assert due.astimezone(UTC) - start == timedelta(hours=hours)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        ("2026-10-23 10:00", 1, "2026-10-26 10:00"),  # Friday BST → Monday GMT: still 10:00 on the calendar
        ("2027-03-25 16:00", 1, "2027-03-30 16:00"),  # Thursday GMT → Tuesday BST, over Easter
    ],
)
def test_a_working_day_allowance_keeps_london_calendar_time_across_a_clock_change(
    start: str, days: int, expected: str
) -> None:
    due = due_at(start=at(start).astimezone(UTC), amount=days, unit="working_days")
    assert due.astimezone(LONDON).replace(tzinfo=None) == datetime.fromisoformat(expected)


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (utc("2026-10-25 02:30"), utc("2026-10-25 00:30")),  # 01:30 GMT less 2 hours: 01:30 BST
        (
            utc("2027-03-28 03:00"),
            utc("2027-03-28 01:00"),
        ),  # 04:00 BST less 2 hours: 01:00 GMT, an hour back on the clock
    ],
)
def test_the_due_soon_reminder_is_elapsed_time_before_the_deadline(due: datetime, expected: datetime) -> None:
    start = utc("2026-10-01 00:00")
    assert remind_at(start=start, due=due.astimezone(LONDON), before=timedelta(hours=2)).astimezone(UTC) == expected


@pytest.mark.parametrize(
    ("day", "working"),
    [("2026-11-23", True), ("2026-11-28", False), ("2026-12-28", False), ("2026-04-06", False), ("2026-05-04", False)],
)
def test_it_knows_working_days(day: str, working: bool) -> None:
    assert is_working_day(datetime.fromisoformat(day).date()) is working


def test_it_starts_a_working_day_clock_at_once_inside_the_working_day() -> None:
    assert start_of_clock(at("2026-11-23 12:34")) == at("2026-11-23 12:34")


def test_it_rejects_an_unknown_unit() -> None:
    with pytest.raises(ValueError):
        due_at(start=at("2026-11-23 12:00"), amount=1, unit="fortnights")


def test_it_never_reminds_before_the_clock_started() -> None:
    start = at("2026-11-23 12:00")
    assert remind_at(start=start, due=start + timedelta(hours=1), before=timedelta(hours=2)) == start


DUE = at("2026-11-24 10:00")
REMIND = DUE - timedelta(hours=2)
ESCALATE = DUE + timedelta(hours=4)


@pytest.mark.parametrize(
    ("now", "kinds", "next_at"),
    [
        (REMIND - timedelta(minutes=1), [], REMIND),
        (REMIND, ["due_soon"], DUE),
        (DUE, ["overdue"], ESCALATE),
        (ESCALATE, ["overdue", "escalated"], None),
        (ESCALATE + timedelta(days=3), ["overdue", "escalated"], None),  # a late sweep sends no stale "due soon"
    ],
)
def test_it_chooses_the_reminders_due(now: datetime, kinds: list[str], next_at: datetime | None) -> None:
    assert reminder_kinds(now=now, remind_at=REMIND, due_at=DUE, escalate_at=ESCALATE) == (kinds, next_at)


@pytest.mark.parametrize(
    ("to_state", "risk", "starts", "stops"),
    [
        ("received", "", [Stage.TRIAGE], []),
        ("routed", "medium", [Stage.PROVIDER_DECISION], [Stage.TRIAGE, Stage.FIRST_CONTACT]),
        ("routed", "high", [Stage.PROVIDER_DECISION, Stage.MARAC_LISTING], [Stage.TRIAGE, Stage.FIRST_CONTACT]),
        ("marac_only", "high", [Stage.MARAC_LISTING], [Stage.TRIAGE]),
        ("accepted", "high", [Stage.FIRST_CONTACT], [Stage.PROVIDER_DECISION]),
        ("declined", "medium", [Stage.TRIAGE], [Stage.PROVIDER_DECISION]),
        ("in_support", "medium", [], [Stage.FIRST_CONTACT]),
        (
            "withdrawn",
            "high",
            [],
            [Stage.TRIAGE, Stage.PROVIDER_DECISION, Stage.FIRST_CONTACT, Stage.MARAC_LISTING, Stage.SAFETY_REVIEW],
        ),
        ("closed", "medium", [], [Stage.TRIAGE, Stage.PROVIDER_DECISION, Stage.FIRST_CONTACT, Stage.SAFETY_REVIEW]),
        ("assessed", "high", [], []),
    ],
)
def test_it_starts_and_stops_clocks_by_the_table(to_state: str, risk: str, starts: list[str], stops: list[str]) -> None:
    assert clocks_to_start(to_state=to_state, risk_level=risk) == starts
    assert clocks_to_stop(to_state) == stops
