"""Every table of the return, in the order the page shows them: the one list the page, its CSV tables, the
workbook, the dashboard and the API all read, so none of them can show a table the others leave out."""

from __future__ import annotations

from reports.children_service import children_service_tables
from reports.figures import QuarterlyReturn
from reports.monitoring import monitoring_tables
from reports.risk_decrease import risk_decrease_table
from reports.safe_accommodation import safe_accommodation_tables
from reports.tables import Table, return_tables
from reports.waiting_list import waiting_list_table


def whole_return_tables(ret: QuarterlyReturn) -> list[Table]:
    scope, period = ret.scope, ret.this.period
    return [
        *return_tables(ret),
        *safe_accommodation_tables(scope, period),
        *children_service_tables(scope, period),
        *monitoring_tables(scope, period),
        risk_decrease_table(scope, period),
        waiting_list_table(scope, period),
    ]
