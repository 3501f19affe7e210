"""The priority rule, as a table: a priority is one of A, B, C; a high-risk referral waits below A only with a
reason."""

from __future__ import annotations

import pytest

from waiting.priority import (
    CHOOSE_PRIORITY,
    HIGH_RISK_BELOW_A,
    MEANINGS,
    Priority,
    choices_with_meanings,
    priority_problems,
)


@pytest.mark.parametrize(
    ("priority", "risk", "reason", "problems"),
    [
        ("A", "high", "", {}),
        ("B", "high", "", {"priority_reason": HIGH_RISK_BELOW_A}),
        ("C", "high", "   ", {"priority_reason": HIGH_RISK_BELOW_A}),
        ("B", "high", "Safe at her sister's until the trial; IDVA in touch weekly.", {}),
        ("C", "medium", "", {}),
        ("B", "standard", "", {}),
        ("C", "", "", {}),
        ("", "medium", "", {"priority": CHOOSE_PRIORITY}),
        ("", "high", "", {"priority": CHOOSE_PRIORITY}),
        ("D", "standard", "", {"priority": CHOOSE_PRIORITY}),
        ("a", "standard", "", {"priority": CHOOSE_PRIORITY}),
    ],
)
def test_it_judges_a_priority(priority: str, risk: str, reason: str, problems: dict[str, str]) -> None:
    assert priority_problems(priority=priority, risk_level=risk, reason=reason) == problems


def test_every_priority_has_its_meaning_beside_it() -> None:
    assert [value for value, _ in choices_with_meanings()] == ["A", "B", "C"]
    for value, label in choices_with_meanings():
        assert MEANINGS[value] in label and label.startswith(Priority(value).label)
