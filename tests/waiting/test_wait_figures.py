"""Time waited, as a table: the median (of an even number, the mean of the middle two) and the longest, in
days to one decimal; a wait never negative; a still-waiting entry counts to now."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from waiting.figures import WaitSummary, wait_summary, waited

D = timedelta(days=1)
H = timedelta(hours=1)


@pytest.mark.parametrize(
    ("waits", "summary"),
    [
        ([], WaitSummary(0, None, None)),
        ([3 * D], WaitSummary(1, 3.0, 3.0)),
        ([1 * D, 3 * D], WaitSummary(2, 2.0, 3.0)),
        ([5 * D, 1 * D, 2 * D], WaitSummary(3, 2.0, 5.0)),
        ([12 * H, 36 * H, 10 * D, 2 * D], WaitSummary(4, 1.8, 10.0)),
        ([timedelta(0), timedelta(0)], WaitSummary(2, 0.0, 0.0)),
        ([D + 2 * H, D + 2 * H, D + 2 * H], WaitSummary(3, 1.1, 1.1)),
    ],
)
def test_it_summarises_waits(waits: list[timedelta], summary: WaitSummary) -> None:
    assert wait_summary(waits) == summary


NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("joined", "left", "expected"),
    [
        (NOW - 3 * D, NOW - D, 2 * D),  # left: to when it left
        (NOW - 3 * D, None, 3 * D),  # still waiting: to now
        (NOW + H, None, timedelta(0)),  # never negative
        (NOW - D, NOW - D, timedelta(0)),
    ],
)
def test_it_measures_a_wait(joined: datetime, left: datetime | None, expected: timedelta) -> None:
    assert waited(joined, left, NOW) == expected
