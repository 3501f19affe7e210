"""The risk rules: one pure function from a completed checklist to a risk level and its reasons.

No database here. The thresholds come from settings through `RiskThresholds.from_settings()`
and are stored with each assessment, so a decision can be explained after the rules change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import TypeVar

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models

from providers.risk_levels import RiskLevel as RiskLevel

When = TypeVar("When", date, datetime)


def repeat_window_start(on: When, months: int | None = None) -> When:
    """A case seen on or after this moment is within the repeat window: exactly 12 months before still
    counts; from a leap day, the last day of February a year before. `months` defaults to the setting."""
    return on - relativedelta(months=settings.REPEAT_WINDOW_MONTHS if months is None else months)


LEVEL_ORDER = {RiskLevel.STANDARD: 0, RiskLevel.MEDIUM: 1, RiskLevel.HIGH: 2}


def lowers(before: str, after: str) -> bool:
    """Whether going from level `before` to `after` lowers the risk (and so the protection). No level before:
    nothing is lowered."""
    return bool(before) and LEVEL_ORDER[RiskLevel(after)] < LEVEL_ORDER[RiskLevel(before)]


STEP_DOWN_REASON_NEEDED = (
    "Say why the risk is lower: a step-down needs a reason, kept with the case and shown to whoever decides on it"
)


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not known"


class MaracReason(models.TextChoices):
    VISIBLE_HIGH_RISK = "visible_high_risk", "Visible high risk"
    PROFESSIONAL_JUDGEMENT = "professional_judgement", "Professional judgement"
    ESCALATION = "escalation", "Escalation"
    REPEAT = "repeat", "Repeat"


class Cluster(models.TextChoices):
    """Topics that together form the separation + control + violence cluster."""

    NONE = "", "None"
    SEPARATION = "separation", "Separation"
    CONTROL = "control", "Coercive control"
    VIOLENCE = "violence", "Physical or sexual violence"


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    topic: str
    prompts_judgement: bool = False
    cluster: str = ""


@dataclass(frozen=True)
class RiskThresholds:
    high_min_yes: int
    medium_min_yes: int
    escalation_min_callouts: int
    escalation_window_months: int

    @classmethod
    def from_settings(cls) -> RiskThresholds:
        from django.conf import settings

        return cls(
            high_min_yes=settings.RISK_HIGH_MIN_YES,
            medium_min_yes=settings.RISK_MEDIUM_MIN_YES,
            escalation_min_callouts=settings.RISK_ESCALATION_MIN_CALLOUTS,
            escalation_window_months=settings.RISK_ESCALATION_WINDOW_MONTHS,
        )

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


@dataclass(frozen=True)
class RiskInput:
    answers: Mapping[str, str]
    assessed_on: date
    police_callouts: Sequence[date] = ()
    judgement_level: str | None = None
    judgement_reason: str = ""
    honour_based_abuse: bool = False


@dataclass(frozen=True)
class RiskDecision:
    level: str
    yes_count: int
    callouts_in_window: int
    reasons: tuple[str, ...]
    flags: tuple[str, ...]
    marac_reason: str | None


class IncompleteAssessment(ValueError):
    """The checklist cannot be scored as given (a missing answer, judgement without a reason)."""


def escalation_window_start(assessed_on: date, thresholds: RiskThresholds) -> date:
    """The first day inside the escalation window; a call-out on that day counts."""
    return assessed_on - relativedelta(months=thresholds.escalation_window_months)


def judgement_flags(items: Sequence[ChecklistItem], inp: RiskInput) -> tuple[str, ...]:
    """Answers that call for professional judgement whatever the score."""
    flags = [item.topic for item in items if item.prompts_judgement and inp.answers.get(item.key) == Answer.YES]
    clusters_present = {item.cluster for item in items if item.cluster and inp.answers.get(item.key) == Answer.YES}
    if {Cluster.SEPARATION, Cluster.CONTROL, Cluster.VIOLENCE} <= clusters_present:
        flags.append("Recent separation with coercive control and physical or sexual violence")
    if inp.honour_based_abuse:
        flags.append("Honour-based abuse or forced marriage")
    return tuple(flags)


def assess_risk(items: Sequence[ChecklistItem], inp: RiskInput, thresholds: RiskThresholds) -> RiskDecision:
    """Score a checklist. Judgement and escalation can only raise the level, never lower it."""
    missing = [item.key for item in items if inp.answers.get(item.key) not in Answer.values]
    if missing:
        raise IncompleteAssessment(f"Every question needs an answer; missing: {', '.join(missing)}")
    if inp.judgement_level and not inp.judgement_reason.strip():
        raise IncompleteAssessment("Professional judgement needs a recorded reason")
    if inp.judgement_level and inp.judgement_level not in RiskLevel.values:
        raise IncompleteAssessment(f"Unknown judgement level {inp.judgement_level!r}")

    yes_count = sum(1 for item in items if inp.answers[item.key] == Answer.YES)
    if yes_count >= thresholds.high_min_yes:
        score_level = RiskLevel.HIGH
    elif yes_count >= thresholds.medium_min_yes:
        score_level = RiskLevel.MEDIUM
    else:
        score_level = RiskLevel.STANDARD
    reasons = [f"{yes_count} of {len(items)} answers were yes: {score_level.label.lower()} risk on the score"]

    window_start = escalation_window_start(inp.assessed_on, thresholds)
    callouts_in_window = sum(1 for day in inp.police_callouts if window_start <= day <= inp.assessed_on)
    escalated = callouts_in_window >= thresholds.escalation_min_callouts
    level = score_level
    if escalated:
        reasons.append(
            f"Escalation: {callouts_in_window} police call-outs in the "
            f"{thresholds.escalation_window_months} months to {inp.assessed_on:%-d %B %Y}"
        )
        level = RiskLevel.HIGH

    judged = RiskLevel(inp.judgement_level) if inp.judgement_level else None
    if judged is not None:
        if LEVEL_ORDER[judged] > LEVEL_ORDER[level]:
            reasons.append(f"Professional judgement raised the level to {judged.label.lower()}: {inp.judgement_reason}")
            level = judged
        elif LEVEL_ORDER[judged] < LEVEL_ORDER[level]:
            reasons.append(
                f"Professional judgement of {judged.label.lower()} was recorded but cannot lower the level: "
                f"{inp.judgement_reason}"
            )
        else:
            reasons.append(f"Professional judgement agrees: {inp.judgement_reason}")

    marac_reason: str | None = None
    if level == RiskLevel.HIGH:
        if score_level == RiskLevel.HIGH:
            marac_reason = MaracReason.VISIBLE_HIGH_RISK
        elif escalated:
            marac_reason = MaracReason.ESCALATION
        else:
            marac_reason = MaracReason.PROFESSIONAL_JUDGEMENT

    return RiskDecision(
        level=str(level),
        yes_count=yes_count,
        callouts_in_window=callouts_in_window,
        reasons=tuple(reasons),
        flags=judgement_flags(items, inp),
        marac_reason=marac_reason,
    )
