"""Safe accommodation in the return (Domestic Abuse Act 2021, part 4): refuge requests by outcome and
reason, households and children in refuge, leavers and planned move-ons among them; the sanctuary scheme
(SAFER); households and children in each kind of safe accommodation. County-wide or one provider's; an area
or district scope has none of these tables (refuges and the scheme serve the whole county). Each table
carries its definitions (reports/definitions.py)."""

from __future__ import annotations

from datetime import timedelta

from accommodation.sanctuary.figures import safe_accommodation_by_kind, sanctuary_figures
from accommodation.selectors import refuge_figures
from reports.access import ReportScope
from reports.definitions import definitions_for
from reports.periods import Period
from reports.suppression import count_cell
from reports.tables import Table


def safe_accommodation_tables(scope: ReportScope, period: Period) -> list[Table]:
    if scope.area is not None or scope.district is not None:
        return []
    start, end = period.start, period.end - timedelta(days=1)
    provider_id = scope.provider.pk if scope.provider else None
    figures = refuge_figures(start, end, provider_id=provider_id)
    safer = sanctuary_figures(start, end, provider_id=provider_id)
    kinds = safe_accommodation_by_kind(start, end, provider_id=provider_id)

    def cell(count: int) -> str:
        return count_cell(count, suppress=scope.suppressed)

    def row(label: str, count: int) -> list[str]:
        return [label, cell(count)]

    header = ["Measure", period.label]
    in_refuge = [
        row("Households in refuge", figures.households_in_refuge),
        row("Children in refuge", figures.children_in_refuge),
        row("Refuge leavers", figures.leavers),
        row("Planned move-on from refuge (among leavers)", figures.planned_move_ons),
    ]
    requests = [row(label, n) for label, n in figures.requests_by_outcome.items()]
    requests += [row(f"Not suitable: {label}", n) for label, n in figures.not_suitable_by_reason.items()]
    sanctuary = [
        row("SAFER referrals", safer.referrals),
        row("SAFER completed", safer.completed),
        row("SAFER completed in one visit", safer.completed_in_one_visit),
        *(row(f"SAFER completed: {label}", n) for label, n in safer.completed_by_tenure.items()),
        row("SAFER referrals for male survivors", safer.male_survivor_referrals),
    ]
    by_kind = [[kind, cell(n.households), cell(n.children)] for kind, n in kinds.items()]
    tables = [
        Table("safe-accommodation", "Safe accommodation in refuge", header, in_refuge),
        Table("refuge-requests", "Refuge requests by outcome", header, requests),
        Table("sanctuary-scheme", "Sanctuary scheme (SAFER)", header, sanctuary),
        Table(
            "safe-accommodation-kinds",
            "Safe accommodation by kind",
            ["Kind of safe accommodation", f"Households, {period.label}", f"Children, {period.label}"],
            by_kind,
        ),
    ]
    for table in tables:
        table.definitions = definitions_for(table.slug, [r[0] for r in table.rows])
    return tables
