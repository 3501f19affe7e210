"""The MARAC dataset as tables and the gauges as readings, as the page shows them, the CSV and Excel
downloads carry them and the API answers them. Small numbers are protected here once (reports.suppression:
rounding to base 5), so a page, a download and the API can never disagree; every rate is worked out from
the counts as shown, so no count of 1 to 4 comes back from a rate and a published FTE or population."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from capacity import gauges as g
from capacity.access import MaracScope
from capacity.dataset import EQUALITY_CHARACTERISTICS
from capacity.definitions import GAUGES, definitions_for
from capacity.gauges import Reading
from capacity.models import PostRole
from capacity.selectors import MaracInputs, MaracPeriod
from referrals.models import Source
from reports.suppression import SUPPRESSED, count_cell, is_small, percent_cell, shown, total_cell
from reports.tables import NOT_RECORDED, Table

DEMO = " (demo)"


def _demo(text: str, is_demo: bool) -> str:
    return text + DEMO if is_demo and text != NOT_RECORDED else text


def _number(value: Decimal | None, places: int = 1) -> str:
    return NOT_RECORDED if value is None else f"{value:,.{places}f}"


def _women(inputs: MaracInputs, p: MaracPeriod) -> g.Population:
    return g.population_in(inputs.populations, inputs.district_ids, p.period.start.year)


def dataset_tables(scope: MaracScope, inputs: MaracInputs) -> list[Table]:
    s = scope.suppressed
    this, last = inputs.this, inputs.last
    header = ["Measure", this.period.label, f"{last.period.label} (same period last year)"]

    def cases(p: MaracPeriod, count: int) -> str:
        return NOT_RECORDED if p.only_imported else count_cell(count, suppress=s)

    def row(label: str, cell: Callable[[MaracPeriod], str]) -> list[str]:
        return [label, *(cell(p) for p in (this, last))]

    def women(p: MaracPeriod) -> str:
        population = _women(inputs, p)
        return _demo(NOT_RECORDED if population.women is None else f"{population.women:,}", population.is_demo)

    def recommended(p: MaracPeriod) -> str:
        population = _women(inputs, p)
        return _demo(_number(g.recommended_cases(population.women, p.period.days), 0), population.is_demo)

    def repeats_percent(p: MaracPeriod) -> str:
        f = p.figures
        return NOT_RECORDED if p.only_imported else percent_cell(f.repeats, f.heard, suppress=s)

    def young_perpetrators(p: MaracPeriod) -> str:
        f = p.figures
        if f.heard and f.perpetrator_age_unknown == f.heard:
            return NOT_RECORDED
        return cases(p, f.perpetrators_under_18)

    def equality(key: str) -> Callable[[MaracPeriod], str]:
        def cell(p: MaracPeriod) -> str:
            value = p.figures.equality.get(key)
            return NOT_RECORDED if value is None else cases(p, value)

        return cell

    rows = [
        row("Cases heard", lambda p: cases(p, p.figures.heard)),
        row("Women aged 16 and over", women),
        row("Recommended number of cases", recommended),
        row("Children in the households", lambda p: cases(p, p.figures.children)),
        row("Repeat cases", lambda p: cases(p, p.figures.repeats)),
        row("Repeat cases (%)", repeats_percent),
        *[row(label, equality(key)) for key, label in EQUALITY_CHARACTERISTICS.items()],
        row("Victim aged 16–17", lambda p: cases(p, p.figures.victims_16_17)),
        row("Perpetrator aged 17 or under", young_perpetrators),
        row("Perpetrator's age not recorded", lambda p: cases(p, p.figures.perpetrator_age_unknown)),
    ]
    dataset = Table("marac-dataset", "MARAC dataset", header, rows)

    def agency(value: str) -> Callable[[MaracPeriod], str]:
        return lambda p: cases(p, p.figures.by_source.get(value, 0))

    agency_rows = [row(label, agency(value)) for value, label in Source.choices]
    agency_rows.append(
        row(
            "Total",
            lambda p: NOT_RECORDED if p.only_imported else total_cell(list(p.figures.by_source.values()), suppress=s),
        )
    )
    by_agency = Table("by-agency", "Cases heard by referring agency", ["Referring agency", *header[1:]], agency_rows)
    tables = [dataset, by_agency]
    for table in tables:
        table.definitions = definitions_for(table.slug, [r[0] for r in table.rows])
    return tables


@dataclass(frozen=True)
class GaugeShown:
    slug: str
    title: str
    value: str  # the reading as shown: "12.3", "+8.0%", "not recorded", "<5"
    benchmark: str  # the benchmark for the same days, or "" where there is none
    of_benchmark: str  # "124% of the benchmark", or ""
    inputs: list[tuple[str, str]] = field(default_factory=list)
    definition: str = ""
    is_demo: bool = False


def _count_input(p: MaracPeriod, count: int, *, suppress: bool, imported_unrecorded: bool = False) -> str:
    if imported_unrecorded and p.only_imported:
        return NOT_RECORDED
    return count_cell(count, suppress=suppress)


def _reading(reading: Reading, *, count: int, suppress: bool, unit: str = "") -> tuple[str, str]:
    """The value and its share of the benchmark; "<5" when a count of 1–4 went into it (rate × FTE would
    give the count back)."""
    if suppress and is_small(count) and reading.value is not None:
        return SUPPRESSED, ""
    share = reading.of_benchmark
    return _number(reading.value) + (unit if reading.value is not None else ""), (
        "" if share is None else f"{share}% of the benchmark"
    )


def capacity_gauges(scope: MaracScope, inputs: MaracInputs) -> list[GaugeShown]:
    s = scope.suppressed
    this, last = inputs.this, inputs.last
    days = this.period.days
    start, end = this.period.start, this.period.end
    heard = None if this.only_imported else shown(this.figures.heard, suppress=s)
    population = _women(inputs, this)
    idva = g.fte_in_period(inputs.posts, PostRole.IDVA, start, end)
    coordinators = g.fte_in_period(inputs.posts, PostRole.COORDINATOR, start, end)
    outreach_fte = g.fte_in_period(inputs.posts, PostRole.OUTREACH, start, end)
    women_text = _demo(NOT_RECORDED if population.women is None else f"{population.women:,}", population.is_demo)

    def fte_text(c: g.Capacity) -> str:
        return _demo(_number(c.fte, 2), c.is_demo)

    per_10k = g.cases_per_10k_women(heard, population.women, days)
    value, share = _reading(per_10k, count=this.figures.heard, suppress=s)
    gauges = [
        GaugeShown(
            "cases-per-10k-women",
            "MARAC cases per 10,000 women aged 16 and over",
            value,
            f"{_number(per_10k.benchmark)} in {days} days (40 a year)",
            share,
            [
                ("Cases heard", _count_input(this, this.figures.heard, suppress=s, imported_unrecorded=True)),
                ("Women aged 16 and over", women_text),
            ],
            GAUGES["cases-per-10k-women"],
            population.is_demo,
        )
    ]
    per_idva = g.referrals_per_idva_fte(shown(this.idva_referrals, suppress=s), idva.fte, days)
    value, share = _reading(per_idva, count=this.idva_referrals, suppress=s)
    gauges.append(
        GaugeShown(
            "referrals-per-idva",
            "Referrals per full-time IDVA",
            value,
            f"{_number(per_idva.benchmark)} in {days} days (about 100 a year)",
            share,
            [
                ("High-risk referrals for IDVAs", count_cell(this.idva_referrals, suppress=s)),
                ("IDVA posts (FTE)", fte_text(idva)),
            ],
            GAUGES["referrals-per-idva"],
            idva.is_demo,
        )
    )
    per_coordinator = g.cases_per_coordinator_fte(heard, coordinators.fte, days)
    value, share = _reading(per_coordinator, count=this.figures.heard, suppress=s)
    gauges.append(
        GaugeShown(
            "cases-per-coordinator",
            "MARAC cases per full-time coordinator",
            value,
            f"{_number(per_coordinator.benchmark)} in {days} days (400 a year)",
            share,
            [
                ("Cases heard", _count_input(this, this.figures.heard, suppress=s, imported_unrecorded=True)),
                ("Coordinator posts (FTE)", fte_text(coordinators)),
            ],
            GAUGES["cases-per-coordinator"],
            coordinators.is_demo,
        )
    )
    a, b = this.outreach_referrals, last.outreach_referrals
    moved = g.change(shown(a, suppress=s), shown(b, suppress=s))
    if s and (is_small(a) or is_small(b)):
        change_text = SUPPRESSED
    elif moved.value is None:
        change_text = "no referrals last year to compare with"
    else:
        change_text = f"{moved.value:+,.1f}%"
    gauges.append(
        GaugeShown(
            "outreach-demand",
            "Outreach demand against the same period last year",
            change_text,
            "",
            "",
            [
                (f"Outreach referrals, {this.period.label}", count_cell(a, suppress=s)),
                (f"Outreach referrals, {last.period.label}", count_cell(b, suppress=s)),
                ("Outreach posts (FTE)", fte_text(outreach_fte)),
            ],
            GAUGES["outreach-demand"],
            outreach_fte.is_demo,
        )
    )
    return gauges


def uses_demo(scope: MaracScope, inputs: MaracInputs) -> bool:
    """Whether any figure shown rests on demo reference data (the page says so at the top too)."""
    return any(p.is_demo for p in inputs.posts) or any(r.is_demo for r in inputs.populations)
