"""The waiting list's priorities and the rules about them. Pure, no database: table tests in
tests/waiting/test_priority.py. The meanings are written on the page beside the choice."""

from __future__ import annotations

from django.db import models

from referrals.risk import RiskLevel


class Priority(models.TextChoices):
    A = "A", "A: urgent"
    B = "B", "B: soon"
    C = "C", "C: routine"


MEANINGS: dict[str, str] = {
    Priority.A: (
        "Urgent: take on first. High risk, or risk rising: a new incident, a MARAC listing, pregnancy, "
        "children at risk, or the survivor about to lose her home."
    ),
    Priority.B: (
        "Soon: medium risk, or a need that cannot wait long (a court date, housing, money for food or heating)."
    ),
    Priority.C: "Routine: standard risk, stable and safe to wait; keep in touch until a worker is free.",
}

CHOOSE_PRIORITY = "Choose a priority: A, B or C."
HIGH_RISK_BELOW_A = "This referral is high risk: say why it waits below priority A, or choose A."


def priority_problems(*, priority: str, risk_level: str, reason: str) -> dict[str, str]:
    """What is wrong with a priority for a referral at `risk_level`, by field ({} when nothing)."""
    if priority not in Priority.values:
        return {"priority": CHOOSE_PRIORITY}
    if risk_level == RiskLevel.HIGH and priority != Priority.A and not reason.strip():
        return {"priority_reason": HIGH_RISK_BELOW_A}
    return {}


def choices_with_meanings() -> list[tuple[str, str]]:
    """The radio choices: the letter, then what it means."""
    return [(p.value, f"{p.label}. {MEANINGS[p.value]}") for p in Priority]
