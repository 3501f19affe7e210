"""Safe accommodation in the return (Domestic Abuse Act 2021, part 4): refuge requests by outcome and
reason, households and children in refuge, leavers and planned move-ons among them. County-wide or one
provider's refuges; an area or district scope has no refuge table (refuges serve the whole county)."""

from __future__ import annotations

from datetime import timedelta

from accommodation.selectors import refuge_figures
from reports.access import ReportScope
from reports.periods import Period
from reports.suppression import count_cell
from reports.tables import Table


def safe_accommodation_tables(scope: ReportScope, period: Period) -> list[Table]:
    if scope.area is not None or scope.district is not None:
        return []
    figures = refuge_figures(
        period.start, period.end - timedelta(days=1), provider_id=scope.provider.pk if scope.provider else None
    )

    def row(label: str, count: int) -> list[str]:
        return [label, count_cell(count, suppress=scope.suppressed)]

    header = ["Measure", period.label]
    in_refuge = [
        row("Households in refuge", figures.households_in_refuge),
        row("Children in refuge", figures.children_in_refuge),
        row("Refuge leavers", figures.leavers),
        row("Planned move-on from refuge (among leavers)", figures.planned_move_ons),
    ]
    requests = [row(label, n) for label, n in figures.requests_by_outcome.items()]
    requests += [row(f"Not suitable: {label}", n) for label, n in figures.not_suitable_by_reason.items()]
    return [
        Table("safe-accommodation", "Safe accommodation in refuge", header, in_refuge),
        Table("refuge-requests", "Refuge requests by outcome", header, requests),
    ]
