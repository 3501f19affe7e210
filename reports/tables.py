"""The return as tables: what the page shows, the CSV and Excel exports carry and the charts sit on.
Suppression is applied here once, so a page, a CSV and a workbook can never disagree."""

from __future__ import annotations

from dataclasses import dataclass

from casework.models import OUTCOME_LABELS, OUTCOME_MEASURES
from referrals.models import Source
from referrals.risk import RiskLevel
from reports.figures import NOT_ASSESSED, Figures, QuarterlyReturn
from reports.suppression import count_cell, money_cell, percent_cell
from sla.stages import Stage

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

    summary = Table(
        "summary",
        "Summary",
        header,
        [
            counts("Referrals received", this.received, last.received),
            counts("High-risk referrals passported", this.high_risk_passported, last.high_risk_passported),
            counts("New entrants", this.new_entrants, last.new_entrants),
            counts("Community-based clients", this.community_based, last.community_based),
            counts("Refuge entrants", this.refuge_entrants, last.refuge_entrants),
            _two("Refuge vacancy rate (average)", rate(this), rate(last)),
            counts("MARAC cases", this.marac_cases, last.marac_cases),
            counts("MARAC repeat cases", this.marac_repeats, last.marac_repeats),
            counts("Cases closed", this.closures, last.closures),
        ],
    )

    def breakdown(
        slug: str, title: str, first: str, labels: dict[str, str], a: dict[str, int], b: dict[str, int]
    ) -> Table:
        keys = list(labels) + sorted(k for k in {*a, *b} if k not in labels)
        rows = [counts(labels.get(k, k), a.get(k, 0), b.get(k, 0)) for k in keys if a.get(k) or b.get(k) or k in labels]
        return Table(slug, title, [first, *header[1:]], rows)

    sources = dict(Source.choices)
    districts = {d: d for d in sorted({*this.by_district, *last.by_district})}
    risks = {k: v for k, v in RISK_LABELS.items() if k != NOT_ASSESSED or this.by_risk.get(k) or last.by_risk.get(k)}

    sla_rows = []
    for stage, stage_label in Stage.choices:
        a, b = this.stages.get(stage), last.stages.get(stage)
        a_met, a_due = (a.met, a.due) if a else (0, 0)
        b_met, b_due = (b.met, b.due) if b else (0, 0)
        sla_rows.append(
            [
                stage_label,
                percent_cell(a_met, a_due, suppress=s),
                count_cell(a_due, suppress=s),
                percent_cell(b_met, b_due, suppress=s),
                count_cell(b_due, suppress=s),
            ]
        )
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

    def cost(f: Figures, value: object, denominator: int) -> str:
        # A cost per client over 1–4 clients would give their number away.
        if s and 0 < denominator < 5:
            return "<5"
        return money_cell(value)  # type: ignore[arg-type]

    funding_rows = [
        _two("Funding for the period", money_cell(this.funding), money_cell(last.funding)),
        _two(
            "Cost per new entrant",
            cost(this, this.cost_per_client, this.new_entrants),
            cost(last, last.cost_per_client, last.new_entrants),
        ),
        _two(
            "Cost per case closed with a positive outcome",
            cost(this, this.cost_per_positive_outcome, this.positive_closures),
            cost(last, last.cost_per_positive_outcome, last.positive_closures),
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

    return [
        summary,
        breakdown("by-source", "Referrals by source", "Source", sources, this.by_source, last.by_source),
        breakdown("by-risk", "Referrals by risk level", "Risk level", risks, this.by_risk, last.by_risk),
        breakdown("by-district", "Referrals by district", "District", districts, this.by_district, last.by_district),
        sla,
        outcomes,
        funding,
    ]
