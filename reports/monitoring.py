"""Equality monitoring and pathways in the return: figures only, never a person, with the same small-number
protection as every other table (reports.suppression: rounding to base 5, totals built from the rounded
cells). The rows are counted by monitoring.selectors; the definitions sit beside each table."""

from __future__ import annotations

from kidas.db.replica import replica_reads
from monitoring import categories as c
from monitoring.selectors import (
    AGE_FIELD,
    EQUALITY_DEFINITION,
    PATHWAY_DEFINITION,
    Equality,
    equality_add,
    equality_figures,
    pathway_figures,
)
from reports.access import ReportScope
from reports.periods import Period
from reports.stored_months import received_live, stored_rows
from reports.suppression import count_cell, percent_cell, total_cell
from reports.tables import Table

ENGAGEMENT_RATE_DEFINITION = (
    "Engaged (directly or through other staff) over those whose engagement is recorded; for commissioners, "
    "worked out from the rounded counts, and hidden when either side is 1 to 4."
)
NOT_ASKED_LABEL = "Not asked"


def pathway_table(scope: ReportScope, period: Period) -> Table:
    """Per pathway, as 002 §3.1 reports the hospital IDVA: referrals, how they engaged, the engagement rate;
    the hospital IDVA's referrals by hospital beneath it."""
    s = scope.suppressed
    rows: list[list[str]] = []
    for f in pathway_figures(period.start, period.end, scope.referrals("referral__")):
        parts = [f.directly, f.through_staff, f.not_engaged, f.not_recorded]
        rows.append(
            [
                f.name,
                total_cell(parts, suppress=s),  # from its parts as shown: no part comes back by subtraction
                count_cell(f.directly, suppress=s),
                count_cell(f.through_staff, suppress=s),
                count_cell(f.not_engaged, suppress=s),
                count_cell(f.not_recorded, suppress=s),
                percent_cell(f.engaged, f.recorded, suppress=s),
            ]
        )
        for hospital, n in sorted(f.by_hospital.items()):
            rows.append([f"{f.name}: {hospital}", count_cell(n, suppress=s), "", "", "", "", ""])
    header = [
        "Pathway",
        f"{period.label}: referrals",
        "engaged directly",
        "engaged through other staff",
        "not engaged",
        "engagement not recorded",
        "engagement rate",
    ]
    return Table(
        "pathways",
        "Pathways and engagement",
        header,
        rows,
        definitions=[("This table", PATHWAY_DEFINITION), ("Engagement rate", ENGAGEMENT_RATE_DEFINITION)],
    )


@replica_reads()
def equality_of(scope: ReportScope, period: Period) -> Equality:
    """The period's equality figures: clean past months from the stored months (reports.summary), the rest
    counted live in one query."""
    covered, stored = stored_rows(period.months(), scope)
    figures: Equality = {}
    for _, row in stored:
        equality_add(figures, row["equality"])
    live = scope.referrals() & received_live(period, covered)
    equality_add(figures, equality_figures(period.starts_at, period.ends_at, live))
    return figures


def equality_table(scope: ReportScope, period: Period) -> Table:
    """Referrals received in the period by each equality question's answers, "Not asked" apart; ethnicity by the
    census's five headings (a category's count would be too fine to protect)."""
    s = scope.suppressed
    figures = equality_of(scope, period)
    rows: list[list[str]] = []

    def section(title: str, labels: list[tuple[str, str]], counts: dict[str, int]) -> None:
        rows.extend([f"{title}: {label}", count_cell(counts.get(value, 0), suppress=s)] for value, label in labels)

    by_heading: dict[str, int] = {}
    for value, n in figures["ethnicity"].items():
        key = c.ETHNICITY_HEADING.get(value, value)
        by_heading[key] = by_heading.get(key, 0) + n
    headings = [(heading, heading) for heading, _ in c.ETHNIC_GROUPS]
    section(
        "Ethnic group",
        [*headings, (c.PREFER_NOT_TO_SAY, c.PREFER_NOT_TO_SAY_LABEL), (c.NOT_ASKED, NOT_ASKED_LABEL)],
        by_heading,
    )
    for question in c.QUESTIONS[1:]:
        section(question.text, [*question.choices, (c.NOT_ASKED, NOT_ASKED_LABEL)], figures[question.field])
    bands = [(label, label) for label, _, _ in c.AGE_BANDS] + [(c.AGE_NOT_KNOWN, c.AGE_NOT_KNOWN)]
    section("Age band on the day received", bands, figures[AGE_FIELD])
    rows.append(["Referrals received", total_cell(list(figures[AGE_FIELD].values()), suppress=s)])
    return Table(
        "equality",
        "Equality monitoring",
        ["Question and answer", period.label],
        rows,
        definitions=[("This table", EQUALITY_DEFINITION)],
    )


def monitoring_tables(scope: ReportScope, period: Period) -> list[Table]:
    return [equality_table(scope, period), pathway_table(scope, period)]
