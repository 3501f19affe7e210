"""A MARAC's dataset and capacity gauges as stored figures (kidas.stored_figures): counted once per MARAC,
suppression and period, read by the dataset page, its CSV and workbook, the gauges page and the API until
REPORT_FIGURES_FRESH_FOR seconds old, each showing when they were counted. The count is given the scope's
ids and the period's key (`params_of`), and nothing else; recording or ending posts, or a district's
population, forgets them (the gauges rest on both)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from capacity.access import MaracScope
from capacity.selectors import marac_inputs
from capacity.tables import GaugeShown, capacity_gauges, dataset_tables, uses_demo
from kidas.stored_figures import figures_kind, stored_figures, stored_figures_forget
from reports.periods import Period, period_from_key
from reports.stored_figures import CountedFigures, params_of
from reports.tables import Table

KIND = "marac"


@dataclass(frozen=True)
class MaracFigures(CountedFigures):
    scope: MaracScope
    imported: int  # of the period's referrals from the MARAC's districts, those imported from historic records
    only_imported: bool
    uses_demo: bool  # whether any figure rests on demo posts or populations
    tables: list[Table]  # the dataset's; empty unless asked for
    gauges: list[GaugeShown]  # empty unless asked for


def marac_figures(scope: MaracScope, period: Period, *, part: str) -> MaracFigures:
    """The MARAC's figures over `period` as counted at most REPORT_FIGURES_FRESH_FOR seconds ago: its dataset's
    tables (`part="tables"`) or its gauges (`part="gauges"`)."""
    stored = stored_figures(KIND, params_of(scope, period), parts=("about", part))
    about = stored.figures["about"]
    return MaracFigures(
        scope=scope,
        period=period,
        stored=stored,
        imported=about["imported"],
        only_imported=about["only_imported"],
        uses_demo=about["uses_demo"],
        tables=[Table(**table) for table in stored.figures.get("tables") or []],
        gauges=[GaugeShown(**gauge) for gauge in stored.figures.get("gauges") or []],
    )


@figures_kind(KIND)
def _count(params: dict[str, Any]) -> dict[str, Any]:
    scope, period = MaracScope.from_ids(params["scope"]), period_from_key(params["period"])
    inputs = marac_inputs(scope.marac, period)
    return {
        "about": {
            "imported": inputs.this.imported,
            "only_imported": inputs.this.only_imported,
            "uses_demo": uses_demo(scope, inputs),
        },
        "tables": [asdict(table) for table in dataset_tables(scope, inputs)],
        "gauges": [asdict(gauge) for gauge in capacity_gauges(scope, inputs)],
    }


def marac_figures_forget() -> None:
    """Every MARAC's figures are counted again on their next ask (posts or populations changed)."""
    stored_figures_forget(KIND)
