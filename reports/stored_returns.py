"""The whole return, its tables and its dashboard, as stored figures (kidas.stored_figures): counted once
per scope and period, read by the return page, its CSV tables, its workbook, the dashboard and the API until
REPORT_FIGURES_FRESH_FOR seconds old, each showing when they were counted. The count is given the scope's ids
(`params_of`, written from the dataclass's own fields) and the period's key, and nothing else."""

from __future__ import annotations

from dataclasses import asdict, dataclass, is_dataclass
from typing import Any

from kidas.stored_figures import figures_kind, stored_figures, stored_figures_forget
from reports import selectors
from reports.access import ReportScope
from reports.dashboard import dashboard_figures
from reports.periods import Period, period_from_key
from reports.stored_figures import CountedFigures, params_of
from reports.tables import Table
from reports.whole_return import whole_return_tables

KIND = "return"


@dataclass(frozen=True)
class WholeReturn(CountedFigures):
    scope: ReportScope
    imported: int  # of the period's referrals, those imported from historic records
    only_imported: bool
    tables: list[Table]
    dashboard: dict[str, Any]  # reports.dashboard.dashboard_figures, as plain values; empty unless asked for


def whole_return(scope: ReportScope, period: Period, *, dashboard: bool = False) -> WholeReturn:
    """The figures of `scope` over `period` as counted at most REPORT_FIGURES_FRESH_FOR seconds ago: the
    return's tables, and the dashboard's figures when `dashboard` asks for them."""
    stored = stored_figures(
        KIND,
        params_of(scope, period),
        parts=("tables", "dashboard") if dashboard else ("tables",),
    )
    tables = stored.figures["tables"]
    return WholeReturn(
        scope=scope,
        period=period,
        stored=stored,
        imported=tables["imported"],
        only_imported=tables["only_imported"],
        tables=[Table(**table) for table in tables["tables"]],
        dashboard=stored.figures.get("dashboard") or {},
    )


@figures_kind(KIND)
def _count(params: dict[str, Any]) -> dict[str, Any]:
    scope, period = ReportScope.from_ids(params["scope"]), period_from_key(params["period"])
    ret = selectors.quarterly_return(scope, period)
    tables = whole_return_tables(ret)
    return {
        "tables": {
            "imported": ret.this.imported,
            "only_imported": ret.this.only_imported,
            "tables": [asdict(table) for table in tables],
        },
        "dashboard": {
            name: asdict(value) if is_dataclass(value) and not isinstance(value, type) else value
            for name, value in dashboard_figures(ret, tables).items()
        },
    }


def returns_forget() -> None:
    """Every return is counted again on its next ask (an import changed the history they count)."""
    stored_figures_forget(KIND)
