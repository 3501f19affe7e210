"""A recognised decrease in risk, first assessment against latest, as a table: one assessment only is not
counted; equal is no change; an increase is not a decrease; a level change wins over the score; the score
(DASH) decides at the same level only under the same checklist."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from reports.risk_change import Assessed, RiskChange, risk_change

T0 = datetime(2026, 4, 1, 9, tzinfo=UTC)


def a(day: int, level: str, score: int, checklist: int = 1, pk: int | None = None) -> Assessed:
    return Assessed(T0 + timedelta(days=day), pk if pk is not None else day, level, score, checklist)


@pytest.mark.parametrize(
    ("assessments", "change"),
    [
        ([], RiskChange.NOT_REASSESSED),
        ([a(0, "high", 16)], RiskChange.NOT_REASSESSED),
        ([a(0, "high", 16), a(30, "medium", 11)], RiskChange.DECREASE),
        ([a(0, "high", 16), a(30, "standard", 4)], RiskChange.DECREASE),
        ([a(0, "medium", 12), a(30, "standard", 6)], RiskChange.DECREASE),
        ([a(0, "medium", 12), a(30, "medium", 12)], RiskChange.NO_CHANGE),
        ([a(0, "medium", 12), a(30, "high", 15)], RiskChange.INCREASE),
        ([a(0, "standard", 3), a(30, "medium", 10)], RiskChange.INCREASE),
        # Same level: the DASH score decides, on the same checklist.
        ([a(0, "high", 18), a(30, "high", 15)], RiskChange.DECREASE),
        ([a(0, "high", 15), a(30, "high", 18)], RiskChange.INCREASE),
        ([a(0, "high", 18), a(30, "high", 15, checklist=2)], RiskChange.NO_CHANGE),
        # The level wins over the score (judgement raised the first level above its score).
        ([a(0, "high", 5), a(30, "standard", 7)], RiskChange.DECREASE),
        ([a(0, "standard", 9), a(30, "high", 3)], RiskChange.INCREASE),
        # First against latest: what happened between does not count.
        ([a(0, "high", 16), a(10, "standard", 2), a(30, "high", 16)], RiskChange.NO_CHANGE),
        ([a(0, "medium", 11), a(10, "high", 17), a(30, "standard", 5)], RiskChange.DECREASE),
        # Order by time, whatever order they come in; the same moment by id.
        ([a(30, "standard", 5), a(0, "high", 16)], RiskChange.DECREASE),
        ([a(0, "standard", 5, pk=2), a(0, "high", 16, pk=1)], RiskChange.DECREASE),
    ],
)
def test_it_compares_first_and_latest(assessments: list[Assessed], change: RiskChange) -> None:
    assert risk_change(assessments) == change
