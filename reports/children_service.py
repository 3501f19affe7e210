"""The children's service (SASS) in the return, beside the refuge figures: children referred, started and
completed; of those completed, the goals set and achieved and the mean change in goal attainment (GAS
T-score). County-wide or one provider's (the children's cases it holds or of its survivors); an area or
district scope has no table (the service is county-wide)."""

from __future__ import annotations

from datetime import timedelta

from accommodation.children_service_selectors import children_service_figures
from reports.access import ReportScope
from reports.periods import Period
from reports.suppression import SUPPRESSED, count_cell, is_small
from reports.tables import Table

DEFINITIONS = [
    ("Children referred", "Children referred to the children's service in their own right in the period."),
    ("Children started", "Children whose work with the service started in the period."),
    ("Children completed", "Children whose work ended in the period with their goals scored at the end."),
    ("Goals set", "Goals set with the children completed in the period."),
    ("Goals achieved", "Of those goals, the ones scored 0 (as expected) or better at the end."),
    (
        "Mean change in goal attainment",
        "For each child completed, the Goal Attainment Scaling T-score at the end minus at the start "
        "(the levels the child started at), weights as set; the mean over the children. 50 is every goal "
        "met as expected; 10 is one standard deviation. Hidden when the children completed are few.",
    ),
]


def children_service_tables(scope: ReportScope, period: Period) -> list[Table]:
    if scope.area is not None or scope.district is not None:
        return []
    figures = children_service_figures(
        period.start, period.end - timedelta(days=1), provider_id=scope.provider.pk if scope.provider else None
    )

    def row(label: str, count: int) -> list[str]:
        return [label, count_cell(count, suppress=scope.suppressed)]

    change = figures.mean_t_score_change
    if change is None:
        mean = "–"
    elif scope.suppressed and is_small(figures.completed):
        mean = SUPPRESSED  # a mean of a few children tells about each of them
    else:
        mean = f"{change:+.1f}"
    rows = [
        row("Children referred", figures.referred),
        row("Children started", figures.started),
        row("Children completed", figures.completed),
        row("Goals set", figures.goals_set),
        row("Goals achieved", figures.goals_achieved),
        ["Mean change in goal attainment (T-score)", mean],
    ]
    return [
        Table(
            "childrens-service",
            "Children's service (SASS)",
            ["Measure", period.label],
            rows,
            definitions=DEFINITIONS,
        )
    ]
