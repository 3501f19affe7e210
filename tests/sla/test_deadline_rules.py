"""Deadline arithmetic: working days skip weekends and England and Wales bank holidays."""

from __future__ import annotations

from datetime import datetime, timedelta

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
        ("withdrawn", "high", [], [Stage.TRIAGE, Stage.PROVIDER_DECISION, Stage.FIRST_CONTACT, Stage.MARAC_LISTING]),
        ("assessed", "high", [], []),
    ],
)
def test_it_starts_and_stops_clocks_by_the_table(to_state: str, risk: str, starts: list[str], stops: list[str]) -> None:
    assert clocks_to_start(to_state=to_state, risk_level=risk) == starts
    assert clocks_to_stop(to_state) == stops
