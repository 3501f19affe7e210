"""The recognised decrease in risk on the return (reports.risk_change has the rule and its definition): two
queries whatever the size, suppressed as every other count a commissioner sees."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, F, Q, Value, Window
from django.db.models.functions import Coalesce, RowNumber

from casework.models import Closure, StepDown, StepDownState
from referrals.models import RiskAssessment
from reports.access import ReportScope
from reports.periods import Period
from reports.risk_change import DEFINITION, Assessed, RiskChange, risk_change
from reports.suppression import count_cell, percent_cell
from reports.tables import Table


def risk_changes(scope: ReportScope, period: Period) -> dict[RiskChange, int]:
    """People whose case closed in the period, by their change of risk. The database counts the people and
    gives each one's first and latest recognised assessment with how many she had (risk_change reads no
    more): rows per person, not per assessment."""
    closures = Closure.objects.filter(scope.referrals("referral__"), at__gte=period.starts_at, at__lt=period.ends_at)
    person = Coalesce(F("referral__survivor_id"), Value(0) - F("referral_id"))
    people = closures.aggregate(n=Count(person, distinct=True))["n"]
    # Reassessments that did not take effect: their step-down was refused, withdrawn or is still waiting.
    not_recognised = StepDown.objects.exclude(state=StepDownState.APPROVED).values("assessment_id")
    in_order, newest_first = [F("assessed_at").asc(), F("id").asc()], [F("assessed_at").desc(), F("id").desc()]
    ends = (
        RiskAssessment.objects.filter(referral_id__in=closures.values("referral_id"))
        .exclude(pk__in=not_recognised)
        .annotate(
            person=person,
            first=Window(RowNumber(), partition_by=[person], order_by=in_order),
            latest=Window(RowNumber(), partition_by=[person], order_by=newest_first),
            assessed=Window(Count("id"), partition_by=[person]),
        )
        .filter(Q(first=1) | Q(latest=1))
        .values_list("person", "assessed", "assessed_at", "id", "level", "yes_count", "checklist_id")
    )
    by_person: dict[int, list[Assessed]] = defaultdict(list)
    for who, assessed, at, pk, level, score, checklist_id in ends:
        if assessed > 1 or not by_person[who]:  # one assessment is both her first and her latest
            by_person[who].append(Assessed(at, pk, level, score, checklist_id))
    counts = dict.fromkeys(RiskChange, 0)
    for assessments in by_person.values():
        counts[risk_change(assessments)] += 1
    counts[RiskChange.NOT_REASSESSED] += people - len(by_person)  # closed without an assessment that counts
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
