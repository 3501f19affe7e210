"""A recognised decrease in risk (000 §4.4: "83% of entrants experienced a recognised decrease in risk of
abuse"), per person: their first risk assessment against their latest. Pure, no database: table tests in
tests/reports/test_risk_change.py; reports.risk_decrease reads the assessments and builds the table.

The rule, where the paper leaves a choice:
- fewer than two assessments: not reassessed, so no change can be recognised (not counted either way);
- the latest level is lower than the first (high to medium or standard, medium to standard): a decrease;
  higher: an increase;
- the same level: compared by the checklist's score (its number of "yes" answers, the DASH score) when both
  used the same checklist version (a new version may ask other questions): fewer is a decrease, more an
  increase, equal no change; under different versions, no change;
- only assessments that took effect count: a reassessment whose step-down a manager refused, or has not yet
  approved, did not lower the recognised level (casework.step_down), so it is left out by the caller."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from referrals.risk import LEVEL_ORDER, RiskLevel

DEFINITION = (
    "Recognised decrease in risk: of the people whose case closed in the period, those assessed at least twice "
    "whose latest risk assessment is lower than their first: a lower risk level, or the same level with fewer "
    "'yes' answers on the same checklist (DASH score). A reassessment whose step-down a manager refused or has "
    "not approved is left out. One assessment only: not counted. Each person counts once, over all their cases "
    "closed in the period. The percentage is of those assessed at least twice."
)


class RiskChange(StrEnum):
    NOT_REASSESSED = "not_reassessed"
    DECREASE = "decrease"
    NO_CHANGE = "no_change"
    INCREASE = "increase"


@dataclass(frozen=True)
class Assessed:
    at: datetime
    id: int
    level: str
    score: int
    checklist_id: int


def risk_change(assessments: Sequence[Assessed]) -> RiskChange:
    """One person's change of risk, first assessment against latest (by time, then by id)."""
    if len(assessments) < 2:
        return RiskChange.NOT_REASSESSED
    ordered = sorted(assessments, key=lambda a: (a.at, a.id))
    first, latest = ordered[0], ordered[-1]
    before, after = LEVEL_ORDER[RiskLevel(first.level)], LEVEL_ORDER[RiskLevel(latest.level)]
    if after != before:
        return RiskChange.DECREASE if after < before else RiskChange.INCREASE
    if first.checklist_id != latest.checklist_id or first.score == latest.score:
        return RiskChange.NO_CHANGE
    return RiskChange.DECREASE if latest.score < first.score else RiskChange.INCREASE
