"""Time waited: the figures a provider's waiting list is reported by. Pure, no database: table tests in
tests/waiting/test_wait_figures.py."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

DAY = timedelta(days=1)

WAIT_DEFINITION = (
    "Time waited: from the moment a referral joined the provider's waiting list to the moment it left it (taken "
    "on, or withdrawn). Left the list: referrals that left it in the quarter (London time); median and longest "
    "wait are over those, in days to one decimal place (the median of an even number is the mean of the middle "
    "two). Still waiting: on the list at the end of the quarter, with the longest wait so far at that moment. "
    "A median or longest wait over 1 to 4 referrals is not shown outside the provider."
)


@dataclass(frozen=True)
class WaitSummary:
    n: int
    median_days: float | None
    longest_days: float | None


def days(wait: timedelta) -> float:
    return round(wait / DAY, 1)


def waited(joined_at: datetime, left_at: datetime | None, now: datetime) -> timedelta:
    """How long an entry has waited: to when it left, or to `now` while it waits (never negative)."""
    return max(timedelta(0), (left_at or now) - joined_at)


def wait_summary(waits: Sequence[timedelta]) -> WaitSummary:
    if not waits:
        return WaitSummary(0, None, None)
    seconds = statistics.median(w.total_seconds() for w in waits)
    return WaitSummary(len(waits), days(timedelta(seconds=seconds)), days(max(waits)))
