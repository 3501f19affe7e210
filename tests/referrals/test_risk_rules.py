"""The risk rules at every boundary, as a table. Pure: no database."""

from __future__ import annotations

from datetime import date

import pytest

from referrals.risk import (
    ChecklistItem,
    IncompleteAssessment,
    RiskInput,
    RiskThresholds,
    assess_risk,
)

ITEMS = [ChecklistItem(key=f"q{i}", topic=f"Topic {i}") for i in range(25)]
THRESHOLDS = RiskThresholds(high_min_yes=14, medium_min_yes=10, escalation_min_callouts=3, escalation_window_months=12)
TODAY = date(2026, 11, 23)


def answers(yes: int) -> dict[str, str]:
    return {item.key: ("yes" if i < yes else "no") for i, item in enumerate(ITEMS)}


def decide(yes: int, **kwargs: object):
    return assess_risk(ITEMS, RiskInput(answers=answers(yes), assessed_on=TODAY, **kwargs), THRESHOLDS)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("yes", "level"),
    [(0, "standard"), (9, "standard"), (10, "medium"), (13, "medium"), (14, "high"), (25, "high")],
)
def test_it_scores_the_checklist_at_each_boundary(yes: int, level: str) -> None:
    decision = decide(yes)
    assert decision.level == level
    assert decision.yes_count == yes


@pytest.mark.parametrize(
    ("yes", "judgement", "level"),
    [
        (9, "medium", "medium"),  # judgement raises standard to medium
        (9, "high", "high"),  # and standard to high
        (12, "high", "high"),  # and medium to high
        (14, "standard", "high"),  # never lowers a score of 14+
        (14, "medium", "high"),
        (12, "standard", "medium"),  # nor any other level
    ],
)
def test_it_lets_judgement_raise_but_never_lower(yes: int, judgement: str, level: str) -> None:
    decision = decide(yes, judgement_level=judgement, judgement_reason="Victim fears for her life")
    assert decision.level == level
    assert any("judgement" in reason.lower() for reason in decision.reasons)


def test_it_refuses_judgement_without_a_reason() -> None:
    with pytest.raises(IncompleteAssessment, match="reason"):
        decide(5, judgement_level="high", judgement_reason="  ")


def test_it_refuses_an_incomplete_checklist() -> None:
    partial = answers(5)
    partial.pop("q7")
    with pytest.raises(IncompleteAssessment, match="q7"):
        assess_risk(ITEMS, RiskInput(answers=partial, assessed_on=TODAY), THRESHOLDS)


@pytest.mark.parametrize(
    ("callouts", "level", "counted"),
    [
        ([date(2026, 6, 1), date(2026, 9, 1)], "standard", 2),  # 2 call-outs: no escalation
        ([date(2026, 3, 1), date(2026, 6, 1), date(2026, 9, 1)], "high", 3),  # 3 in the window
        ([date(2025, 11, 23), date(2026, 6, 1), date(2026, 9, 1)], "high", 3),  # first day of the window counts
        ([date(2025, 11, 22), date(2026, 6, 1), date(2026, 9, 1)], "standard", 2),  # the day before does not
        ([date(2026, 11, 23), date(2026, 11, 23), date(2026, 11, 22)], "high", 3),  # today counts
    ],
)
def test_it_escalates_on_police_callouts_in_the_window(callouts: list[date], level: str, counted: int) -> None:
    decision = decide(2, police_callouts=callouts)
    assert decision.level == level
    assert decision.callouts_in_window == counted
    if level == "high":
        assert decision.marac_reason == "escalation"


def test_it_uses_the_configured_window() -> None:
    six_months = RiskThresholds(14, 10, 3, 6)
    callouts = [date(2026, 3, 1), date(2026, 6, 1), date(2026, 9, 1)]
    decision = assess_risk(
        ITEMS, RiskInput(answers=answers(2), assessed_on=TODAY, police_callouts=callouts), six_months
    )
    assert decision.level == "standard"
    assert decision.callouts_in_window == 2


@pytest.mark.parametrize(
    ("yes", "kwargs", "reason"),
    [
        (14, {}, "visible_high_risk"),
        (14, {"judgement_level": "high", "judgement_reason": "x"}, "visible_high_risk"),
        (3, {"judgement_level": "high", "judgement_reason": "x"}, "professional_judgement"),
        (3, {"police_callouts": [date(2026, 1, 1)] * 3}, "escalation"),
        (9, {}, None),
    ],
)
def test_it_gives_the_marac_referral_reason(yes: int, kwargs: dict[str, object], reason: str | None) -> None:
    assert decide(yes, **kwargs).marac_reason == reason


FLAGGED = [
    ChecklistItem("separation", "Separation", cluster="separation"),
    ChecklistItem("control", "Jealousy or control", cluster="control"),
    ChecklistItem("injuries", "Current injuries", cluster="violence"),
    ChecklistItem("strangulation", "Strangulation or choking", prompts_judgement=True, cluster="violence"),
    ChecklistItem("threats_to_kill", "Threats to kill", prompts_judgement=True),
    ChecklistItem("stalking", "Stalking", prompts_judgement=True),
]


@pytest.mark.parametrize(
    ("yes_keys", "honour", "flags"),
    [
        ({"strangulation"}, False, ["Strangulation or choking"]),
        ({"threats_to_kill", "stalking"}, False, ["Threats to kill", "Stalking"]),
        ({"separation", "control"}, False, []),  # cluster incomplete
        (
            {"separation", "control", "injuries"},
            False,
            ["Recent separation with coercive control and physical or sexual violence"],
        ),
        (set(), True, ["Honour-based abuse or forced marriage"]),
    ],
)
def test_it_flags_answers_that_call_for_judgement_whatever_the_score(
    yes_keys: set[str], honour: bool, flags: list[str]
) -> None:
    given = {item.key: ("yes" if item.key in yes_keys else "no") for item in FLAGGED}
    decision = assess_risk(FLAGGED, RiskInput(answers=given, assessed_on=TODAY, honour_based_abuse=honour), THRESHOLDS)
    assert list(decision.flags) == flags
