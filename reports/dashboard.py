"""What the dashboard shows: the return's figures as chart geometry and the table behind each chart,
with small numbers suppressed as in the return's tables. Presentation only: the figures come from
reports.selectors."""

from __future__ import annotations

from typing import Any

from casework.models import OUTCOME_LABELS
from referrals.models import Source
from reports import charts, selectors
from reports.figures import QuarterlyReturn
from reports.suppression import is_small, percent, shown
from reports.tables import RISK_LABELS, Table


def _shown(value: int, suppressed: bool) -> int | None:
    """None for a hidden count of 1–4; otherwise the count as the viewer may see it (rounded outside the provider)."""
    return None if suppressed and is_small(value) else shown(value, suppress=suppressed)


def dashboard_figures(ret: QuarterlyReturn, tables: list[Table]) -> dict[str, Any]:
    scope, period = ret.scope, ret.this.period
    s = scope.suppressed
    months = period.months()
    month_labels = [m.strftime("%b %Y") for m in months]
    by_risk: dict[str, list[int]] = {k: [0] * len(months) for k in RISK_LABELS}
    by_source: dict[str, list[int]] = {}
    index = {(m.year, m.month): i for i, m in enumerate(months)}
    source_labels = dict(Source.choices)
    by_source = {k: [0] * len(months) for k in source_labels}
    for row in selectors.monthly_referrals(scope, period):
        i = index.get((row["month"].year, row["month"].month))
        if i is None:
            continue
        if row["risk_level"] is not None:
            by_risk.setdefault(row["risk_level"] or "", [0] * len(months))[i] += row["n"]
        if row["source"] is not None:
            by_source.setdefault(row["source"], [0] * len(months))[i] += row["n"]
    by_risk = {k: v for k, v in by_risk.items() if any(v) or k}
    risk_series = [(RISK_LABELS.get(k, k), [_shown(v, s) for v in values]) for k, values in by_risk.items()]
    source_series = [
        (source_labels.get(k, k), [_shown(v, s) for v in values]) for k, values in by_source.items() if any(values)
    ]

    def monthly_table(series: list[tuple[str, list[int | None]]]) -> list[list[str]]:
        return [[label] + ["<5" if v is None else f"{v:,}" for v in values] for label, values in series]

    measures = list(OUTCOME_LABELS)
    outcome_values: list[tuple[str, list[float | None]]] = []
    outcome_rows = []
    for f in (ret.this, ret.last):
        values: list[float | None] = []
        for m in measures:
            yes, asked = f.outcome_yes.get(m, 0), f.outcome_asked.get(m, 0)
            hidden = s and (is_small(yes) or is_small(asked - yes))
            values.append(None if hidden else percent(shown(yes, suppress=s), shown(asked, suppress=s)))
        outcome_values.append((f.period.label, values))
    for i, m in enumerate(measures):
        outcome_rows.append(
            [OUTCOME_LABELS[m]]
            + [
                "–"
                if values[i] is None and not f.outcome_asked.get(m)
                else ("<5" if values[i] is None else f"{values[i]:.1f}%")
                for f, (_, values) in zip((ret.this, ret.last), outcome_values, strict=True)
            ]
        )

    workers = selectors.caseload_per_worker(scope)
    worker_labels, worker_values, worker_rows = [], [], []
    per_provider: dict[str, int] = {}
    for row in workers:
        # Outside the provider, workers are numbered within their provider, never named.
        if s and not row["allocated_worker_id"]:
            label = f"{row['provider_name']}: no worker yet"
        elif s:
            n = per_provider[row["provider_name"]] = per_provider.get(row["provider_name"], 0) + 1
            label = f"{row['provider_name']}: worker {n}"
        else:
            name = f"{row['allocated_worker__first_name']} {row['allocated_worker__last_name']}".strip()
            label = f"{name or row['allocated_worker__username'] or 'No worker yet'} ({row['provider_name']})"
        value = _shown(row["n"], s)
        worker_labels.append(label)
        worker_values.append(value)
        worker_rows.append([label, "<5" if value is None else f"{value:,}"])

    return {
        "summary": tables[0],
        "risk_chart": charts.stacked_columns("Referrals received each month by risk level", month_labels, risk_series),
        "risk_table": {
            "header": ["Risk level", *month_labels],
            "rows": monthly_table(risk_series),
        },
        "source_chart": charts.stacked_columns("Referrals received each month by source", month_labels, source_series),
        "source_table": {
            "header": ["Source", *month_labels],
            "rows": monthly_table(source_series),
        },
        "outcome_chart": charts.grouped_rows(
            "Outcomes at closure: percentage of those asked who said yes",
            [OUTCOME_LABELS[m] for m in measures],
            outcome_values,
            maximum=100,
            unit="%",
        ),
        "outcome_table": {"header": ["Outcome", ret.this.period.label, ret.last.period.label], "rows": outcome_rows},
        "worker_chart": charts.grouped_rows(
            "Open cases per worker today", worker_labels, [("Open cases", worker_values)]
        ),
        "worker_table": {"header": ["Worker", "Open cases"], "rows": worker_rows},
    }
