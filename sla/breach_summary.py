"""The breaches report's summary as stored figures (kidas.stored_figures): counted once per scope and period and
read by everyone with that scope until REPORT_FIGURES_FRESH_FOR seconds old, the page saying when they were
counted. At a million referrals the summary groups tens of thousands of breaches (a third of a second); the
list of breaches below it is read in the request, as it is now."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from django.utils import timezone

from kidas.stored_figures import FromStored, figures_kind, stored_figures
from sla.selectors import BreachPeriod, BreachScope, breach_summary, breaches_in
from sla.stages import Stage

KIND = "breaches"


@dataclass(frozen=True)
class StoredBreachSummary(FromStored):
    rows: list[dict[str, Any]]  # breach_summary's rows, each with its stage's label


def stored_breach_summary(scope: BreachScope, period: BreachPeriod) -> StoredBreachSummary:
    stored = stored_figures(KIND, {"scope": asdict(scope), "period": period.value}, parts=("rows",))
    rows = [{**row, "stage_label": Stage(row["stage"]).label} for row in stored.figures["rows"]]
    return StoredBreachSummary(stored=stored, rows=rows)


@figures_kind(KIND)
def _count(params: dict[str, Any]) -> dict[str, Any]:
    breaches = breaches_in(BreachScope(**params["scope"]), now=timezone.now(), period=params["period"])
    return {"rows": breach_summary(breaches)}
