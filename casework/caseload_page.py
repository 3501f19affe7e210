"""One page of a caseload in ONE database round trip: the rows, their total, each row's safety-plan
review and earliest running service-level clock. The total is counted up to EXACT_COUNT_BELOW (and always
past the page); a longer caseload (a manager's) asks the planner for its estimate, a second round trip.

The caseload is the busiest list in the app, so the page is not built from four queries (count,
rows, reviews, deadlines) but from the SQL the ORM compiles for the already scoped and filtered
queryset, wrapped in one statement. Scoping stays where it lives (referrals_visible_to); this module
only decides how the page is fetched.

The statement is compiled afresh for every request and prepared on the server per statement text (one
text per scope, filter and sort shape), as every statement is (kidas.db.postgresql), its parameters bound
from the current request every time, so no request can be answered with another's user, filters or page.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page
from django.db.models import QuerySet
from django.utils.functional import cached_property
from psycopg import sql

from access_trail.services import RecordedIn
from casework.models import SafetyPlan
from kidas.db.binary_rows import binary_cursor
from kidas.db.paging import EXACT_COUNT_BELOW, AnyPaginator, planner_rows
from referrals.models import Referral
from sla.models import Clock

PAGE_COLUMNS = (
    "id",
    "first_name",
    "last_name",
    "date_of_birth",
    "risk_level",
    "state",
    "is_repeat",
    "received_at",
    "district__name",
    "service__slug",
    "service__name",
    "allocated_worker__first_name",
    "allocated_worker__last_name",
)

# The page's rows keep their order through the joins by their position in the inner ORDER BY ... LIMIT.
# {logged} is empty, or the access event that records the page (access_trail.services.access_recorded_in).
PAGE_SQL = sql.SQL("""
    WITH page AS (SELECT rows.*, row_number() OVER () AS position FROM ({page_sql}) AS rows){logged}
    SELECT page.*,
           (SELECT count(*) FROM ({count_sql} LIMIT {count_at_most}) AS scoped) AS total,
           (SELECT p.review_on FROM {safety_plans} p
             WHERE p.referral_id = page.id ORDER BY p.at DESC, p.id DESC LIMIT 1) AS safety_review_on,
           clock.due_at, clock.remind_at, clock.stage
      FROM page
      LEFT JOIN LATERAL (
           SELECT due_at, remind_at, stage FROM {clocks}
            WHERE referral_id = page.id AND stopped_at IS NULL ORDER BY due_at LIMIT 1
      ) AS clock ON true
     ORDER BY page.position
""")


class KnownCountPaginator(AnyPaginator):
    """A Paginator whose count is known (it came back with the rows, or is the planner's estimate of a long
    list: `count_is_estimate`), so it counts nothing itself."""

    def __init__(self, total: int, per_page: int, *, estimate: bool = False) -> None:
        super().__init__([], per_page)
        self.total = total
        self.count_is_estimate = estimate

    @cached_property
    def count(self) -> int:
        return self.total


class Statement(NamedTuple):
    """The page's SQL with its own parameters, around the place of the access event's."""

    sql: str
    page_params: tuple[Any, ...]
    count_params: tuple[Any, ...]


# The statement's columns, in PAGE_SQL's order (page.* is PAGE_COLUMNS, as values() names them, then
# position): known here, so psycopg need not describe them on every fetch.
ROW_NAMES = (*PAGE_COLUMNS, "position", "total", "safety_review_on", "due_at", "remind_at", "stage")


def _count_at_most(offset: int, per_page: int) -> int:
    """The count stops here: past the threshold a long caseload (a manager's 100,000 open cases) is not counted,
    but always one row past the page, so whether there is a next page is known exactly."""
    return max(EXACT_COUNT_BELOW, offset + per_page + 1)


def _compile(cases: QuerySet[Referral], offset: int, per_page: int, logged: str) -> Statement | None:
    """None when the queryset is scoped to nothing (.none() has no SQL)."""
    try:
        page_sql, page_params = cases.values(*PAGE_COLUMNS)[offset : offset + per_page].query.sql_with_params()
        count_sql, count_params = cases.order_by().values("id").query.sql_with_params()
    except EmptyResultSet:
        return None
    logged = f",\n    {logged}" if logged else ""
    # The querysets' own SQL, compiled by Django, goes in as it is.
    statement = PAGE_SQL.format(
        page_sql=sql.SQL(page_sql),
        logged=sql.SQL(logged),
        count_sql=sql.SQL(count_sql),
        count_at_most=sql.Literal(_count_at_most(offset, per_page)),
        safety_plans=sql.Identifier(SafetyPlan._meta.db_table),
        clocks=sql.Identifier(Clock._meta.db_table),
    )
    return Statement(statement.as_string(), page_params, count_params)


def _fetch(statement: Statement | None, record: RecordedIn | None) -> tuple[list[dict[str, Any]], int | None]:
    if statement is None:
        return [], None
    params = (*statement.page_params, *(record.params if record else ()), *statement.count_params)
    with binary_cursor() as cursor:
        cursor.execute(statement.sql, params)
        rows = [dict(zip(ROW_NAMES, values, strict=True)) for values in cursor.fetchall()]
    return rows, (rows[0]["total"] if rows else None)


def caseload_page(cases: QuerySet[Referral], number: Any, per_page: int, *, record: RecordedIn | None = None) -> Page:
    """The page `number` (as given in the query string) of `cases`, like Paginator.get_page: a number
    that is not one gives the first page, one past the end gives the last. Its object_list holds the
    PAGE_COLUMNS plus total, safety_review_on, due_at, remind_at and stage.

    `record` is the access event the same statement writes for the rows it reads."""
    logged = record.sql if record else ""
    try:
        wanted = max(int(number), 1)
    except (TypeError, ValueError):
        wanted = 1
    rows: list[dict[str, Any]]
    total: int | None
    if number == "last":  # the count decides which page that is
        rows, total = [], None
    else:
        rows, total = _fetch(_compile(cases, (wanted - 1) * per_page, per_page, logged), record)
    if total is not None:
        if total < _count_at_most((wanted - 1) * per_page, per_page):
            return Page(rows, wanted, KnownCountPaginator(total, per_page))
        # The count stopped at its limit: the planner's estimate, never less than what was counted.
        return Page(rows, wanted, KnownCountPaginator(max(total, planner_rows(cases)), per_page, estimate=True))
    # An empty caseload, or a page past the end: count, then fetch the last page.
    paginator = KnownCountPaginator(cases.order_by().count(), per_page)
    wanted = paginator.num_pages
    if paginator.count or number == "last":
        rows = _fetch(_compile(cases, (wanted - 1) * per_page, per_page, logged), record)[0]
    return Page(rows, wanted, paginator)
