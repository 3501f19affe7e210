"""The return as tables: what the page shows, the CSV and Excel exports carry and the charts sit on.
Suppression is applied here once, so a page, a CSV and a workbook can never disagree."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from casework.models import OUTCOME_LABELS, OUTCOME_MEASURES
from referrals.models import Source
from referrals.risk import RiskLevel
from reports.definitions import definitions_for
from reports.figures import NOT_ASSESSED, Figures, QuarterlyReturn
from reports.suppression import SUPPRESSED, count_cell, money_cell, per_head, percent_cell, shown, total, total_cell
from sla.stages import Stage

NOT_RECORDED = "not recorded"

RISK_LABELS = {
    RiskLevel.STANDARD: "Standard",
    RiskLevel.MEDIUM: "Medium",
    RiskLevel.HIGH: "High",
    NOT_ASSESSED: "Not yet assessed",
}


@dataclass
class Table:
    slug: str
    title: str
    header: list[str]
    rows: list[list[str]]
    definitions: list[tuple[str, str]] = field(default_factory=list)


def _two(measure: str, this: str, last: str) -> list[str]:
    return [measure, this, last]


def return_tables(ret: QuarterlyReturn) -> list[Table]:
    s = ret.scope.suppressed
    this, last = ret.this, ret.last
    header = ["Measure", this.period.label, f"{last.period.label} (same period last year)"]

    def counts(label: str, a: int, b: int) -> list[str]:
        return _two(label, count_cell(a, suppress=s), count_cell(b, suppress=s))

    def rate(f: Figures) -> str:
        return "–" if f.refuge_vacancy_rate is None else f"{100 * f.refuge_vacancy_rate:.1f}%"

    def unrecorded_if_imported(label: str, a: list[int], b: list[int]) -> list[str]:
        # An import carries no MARAC listing: a period of imported referrals did not have 0 MARAC cases.
        cells = [
            NOT_RECORDED if f.only_imported else total_cell(parts, suppress=s) for f, parts in ((this, a), (last, b))
        ]
        return [label, *cells]

    def totals(label: str, a: list[int], b: list[int]) -> list[str]:
        # Built from its parts as shown, so the total minus one part gives no small number back.
        return _two(label, total_cell(a, suppress=s), total_cell(b, suppress=s))

    def received(f: Figures) -> list[int]:
        return list(f.by_district.values())

    def entrants(f: Figures) -> list[int]:
        return [f.community_based, f.new_entrants - f.community_based]

    def marac(f: Figures) -> list[int]:
        return [f.marac_cases - f.marac_repeats, f.marac_repeats]

    summary = Table(
        "summary",
        "Summary",
        header,
        [
            totals("Referrals received", received(this), received(last)),
            counts("Imported from historic records", this.imported, last.imported),
            counts("High-risk referrals passported", this.high_risk_passported, last.high_risk_passported),
            totals("New entrants", entrants(this), entrants(last)),
            counts("Community-based clients", this.community_based, last.community_based),
            counts("Refuge entrants", this.refuge_entrants, last.refuge_entrants),
            _two("Refuge vacancy rate (average)", rate(this), rate(last)),
            unrecorded_if_imported("MARAC cases", marac(this), marac(last)),
            unrecorded_if_imported("MARAC repeat cases", [this.marac_repeats], [last.marac_repeats]),
            counts("Cases closed", this.closures, last.closures),
        ],
    )

    def breakdown(
        slug: str, title: str, first: str, labels: dict[str, str], a: dict[str, int], b: dict[str, int]
    ) -> Table:
        keys = list(labels) + sorted(k for k in {*a, *b} if k not in labels)
        rows = [counts(labels.get(k, k), a.get(k, 0), b.get(k, 0)) for k in keys if a.get(k) or b.get(k) or k in labels]
        rows.append(totals("Total", list(a.values()), list(b.values())))
        return Table(slug, title, [first, *header[1:]], rows)

    sources = dict(Source.choices)
    districts = {d: d for d in sorted({*this.by_district, *last.by_district})}
    risks = {k: v for k, v in RISK_LABELS.items() if k != NOT_ASSESSED or this.by_risk.get(k) or last.by_risk.get(k)}

    sla_rows = []
    for stage, stage_label in Stage.choices:
        cells = [stage_label]
        for f in (this, last):
            c = f.stages.get(stage)
            met, due = (c.met, c.due) if c else (0, 0)
            if f.only_imported and not due:  # imports carry no deadlines
                cells += [NOT_RECORDED, NOT_RECORDED]
            else:
                cells += [percent_cell(met, due, suppress=s), count_cell(due, suppress=s)]
        sla_rows.append(cells)
    sla = Table(
        "service-levels",
        "Service levels met",
        [
            "Stage",
            f"{this.period.label}: within time",
            "deadlines due",
            f"{last.period.label}: within time",
            "deadlines due",
        ],
        sla_rows,
    )

    outcome_rows = []
    for measure in OUTCOME_MEASURES:
        ay, aa = this.outcome_yes.get(measure, 0), this.outcome_asked.get(measure, 0)
        by, ba = last.outcome_yes.get(measure, 0), last.outcome_asked.get(measure, 0)
        outcome_rows.append(
            [
                OUTCOME_LABELS.get(measure, measure),
                percent_cell(ay, aa, suppress=s),
                count_cell(aa, suppress=s),
                percent_cell(by, ba, suppress=s),
                count_cell(ba, suppress=s),
            ]
        )
    outcomes = Table(
        "outcomes",
        "Outcomes at closure (percentage of those asked who said yes)",
        ["Outcome", f"{this.period.label}: yes", "number asked", f"{last.period.label}: yes", "number asked"],
        outcome_rows,
    )

    def cost(amount: Decimal | None, heads: int) -> str:
        if amount is None:
            return NOT_RECORDED
        if s and 0 < heads < 5:  # a cost per client over 1–4 clients would give their number away
            return SUPPRESSED
        return money_cell(per_head(amount, heads, suppress=s)) if shown(heads, suppress=s) else "–"

    funding_rows = [
        _two("Funding for the period", money_cell(this.funding), money_cell(last.funding)),
        _two(
            "Cost per new entrant",
            cost(this.funding, total(entrants(this), suppress=s)),
            cost(last.funding, total(entrants(last), suppress=s)),
        ),
        _two(
            "Cost per case closed with a positive outcome",
            cost(this.funding, this.positive_closures),
            cost(last.funding, last.positive_closures),
        ),
    ]
    for partner in sorted({*this.contributions, *last.contributions}):
        funding_rows.append(
            _two(
                f"Contribution: {partner}",
                money_cell(this.contributions.get(partner)),
                money_cell(last.contributions.get(partner)),
            )
        )
    funding = Table("funding", "Funding and cost", header, funding_rows)

    tables = [
        summary,
        breakdown("by-source", "Referrals by source", "Source", sources, this.by_source, last.by_source),
        breakdown("by-risk", "Referrals by risk level", "Risk level", risks, this.by_risk, last.by_risk),
        breakdown("by-district", "Referrals by district", "District", districts, this.by_district, last.by_district),
        sla,
        outcomes,
        funding,
    ]
    for table in tables:
        table.definitions = definitions_for(table.slug, [row[0] for row in table.rows])
    return tables
