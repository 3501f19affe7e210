"""The recognised decrease in risk on the return (reports.risk_change has the rule and its definition): two
queries whatever the size, suppressed as every other count a commissioner sees."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import F, Value
from django.db.models.functions import Coalesce

from casework.models import Closure, StepDown, StepDownState
from referrals.models import RiskAssessment
from reports.access import ReportScope
from reports.periods import Period
from reports.risk_change import DEFINITION, Assessed, RiskChange, risk_change
from reports.suppression import count_cell, percent_cell
from reports.tables import Table


def risk_changes(scope: ReportScope, period: Period) -> dict[RiskChange, int]:
    """People whose case closed in the period, by their change of risk."""
    closed = Closure.objects.filter(
        scope.referrals("referral__"), at__gte=period.starts_at, at__lt=period.ends_at
    ).values("referral_id")
    person = Coalesce(F("referral__survivor_id"), Value(0) - F("referral_id"))
    # Reassessments that did not take effect: their step-down was refused, withdrawn or is still waiting.
    not_recognised = StepDown.objects.exclude(state=StepDownState.APPROVED).values("assessment_id")
    rows = (
        RiskAssessment.objects.filter(referral_id__in=closed)
        .exclude(pk__in=not_recognised)
        .annotate(person=person)
        .values_list("person", "assessed_at", "id", "level", "yes_count", "checklist_id")
    )
    by_person: dict[int, list[Assessed]] = defaultdict(list)
    for who, at, pk, level, score, checklist_id in rows:
        by_person[who].append(Assessed(at, pk, level, score, checklist_id))
    people = set(
        Closure.objects.filter(referral_id__in=closed)
        .annotate(person=Coalesce(F("referral__survivor_id"), Value(0) - F("referral_id")))
        .values_list("person", flat=True)
    )
    counts = dict.fromkeys(RiskChange, 0)
    for who in people:
        counts[risk_change(by_person.get(who, []))] += 1
    return counts


def risk_decrease_table(scope: ReportScope, period: Period) -> Table:
    counts = risk_changes(scope, period)
    s = scope.suppressed
    reassessed = counts[RiskChange.DECREASE] + counts[RiskChange.NO_CHANGE] + counts[RiskChange.INCREASE]
    clients = reassessed + counts[RiskChange.NOT_REASSESSED]
    rows = [
        ["Clients whose case closed", count_cell(clients, suppress=s), ""],
        ["Assessed at least twice", count_cell(reassessed, suppress=s), ""],
        [
            "Recognised decrease in risk",
            count_cell(counts[RiskChange.DECREASE], suppress=s),
            percent_cell(counts[RiskChange.DECREASE], reassessed, suppress=s),
        ],
        [
            "No change",
            count_cell(counts[RiskChange.NO_CHANGE], suppress=s),
            percent_cell(counts[RiskChange.NO_CHANGE], reassessed, suppress=s),
        ],
        [
            "Increase in risk",
            count_cell(counts[RiskChange.INCREASE], suppress=s),
            percent_cell(counts[RiskChange.INCREASE], reassessed, suppress=s),
        ],
    ]
    return Table(
        "risk-decrease",
        "Recognised decrease in risk",
        ["Measure", period.label, "% of those assessed at least twice"],
        rows,
        definitions=[("Recognised decrease in risk", DEFINITION)],
    )
