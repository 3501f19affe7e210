"""The whole return, its tables and its dashboard, counted once and read many times.

Counting a return (reports.selectors and the tables of reports.whole_return) takes the database most of a
second at a million referrals, and the page, its CSV tables, its workbook, the dashboard and the API all
show the same figures. So each scope and period's figures are kept in a row (reports.models.StoredReturn)
with the moment they were counted, and every reader shows that moment ("Figures as at 14:05"):

- a row younger than REPORT_FIGURES_FRESH_FOR seconds (default 300) is read as it is;
- an older one, or none, is counted in the request, one request at a time for a key (the others wait for it
  and read what it stored), and stored;
- the beat task counts again the rows someone asked for in the last hour before they go stale, so the people
  using the reports rarely wait, and forgets the rows nobody asked for in a week;
- a finished import of historic referrals forgets every row: the figures it changed are counted on the next
  ask.

The key is the stored format, every field of the scope (`ReportScope.ids`, written from the dataclass's own
fields) and the period: two people see the same row only when they asked for the same figures with the same
suppression. Who may ask for a scope is decided before (reports.access.report_scope_for)."""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, is_dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, transaction
from django.utils import timezone

from reports import selectors
from reports.access import ReportScope
from reports.dashboard import dashboard_figures
from reports.models import StoredReturn
from reports.periods import Period, period_from_key
from reports.tables import Table
from reports.whole_return import whole_return_tables

# Raise it when what is stored changes shape: rows of an older format are never read, and are forgotten.
FORMAT = 1
REFRESHED_WHILE_ASKED_WITHIN = timedelta(hours=1)
FORGOTTEN_AFTER = timedelta(days=7)
# How often the moment of asking is written: a row read a hundred times a minute is written once.
ASKED_WRITTEN_EVERY = timedelta(minutes=5)


@dataclass(frozen=True)
class WholeReturn:
    scope: ReportScope
    period: Period
    counted_at: datetime
    imported: int  # of the period's referrals, those imported from historic records
    only_imported: bool
    tables: list[Table]
    dashboard: dict[str, Any]  # reports.dashboard.dashboard_figures, as plain values; empty unless asked for

    @property
    def last_period(self) -> Period:
        return self.period.same_period_last_year()


def fresh_for() -> timedelta:
    return timedelta(seconds=settings.REPORT_FIGURES_FRESH_FOR)


def stored_key(scope: ReportScope, period: Period) -> str:
    return f"{FORMAT}|{json.dumps(scope.ids(), sort_keys=True)}|{period.key}"


def whole_return(scope: ReportScope, period: Period, *, dashboard: bool = False) -> WholeReturn:
    """The figures of `scope` over `period` as counted at most REPORT_FIGURES_FRESH_FOR seconds ago: the
    return's tables, and the dashboard's figures when `dashboard` asks for them."""
    key = stored_key(scope, period)
    parts = ("tables", "dashboard") if dashboard else ("tables",)
    found = _fresh(key, parts)
    if found is None:
        with transaction.atomic():
            _lock(key)  # one request counts; the others asking for the same figures wait here, then read its row
            found = _fresh(key, parts) or _count_and_store(scope, period, key)
    stored, counted_at = found
    return WholeReturn(
        scope=scope,
        period=period,
        counted_at=counted_at,
        imported=stored["tables"]["imported"],
        only_imported=stored["tables"]["only_imported"],
        tables=[Table(**table) for table in stored["tables"]["tables"]],
        dashboard=stored.get("dashboard") or {},
    )


def _lock(key: str) -> None:
    """Until the transaction ends, nobody else counts these figures (an advisory lock on the key)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])


def _fresh(key: str, parts: tuple[str, ...]) -> tuple[dict[str, Any], datetime] | None:
    now = timezone.now()
    rows = StoredReturn.objects.filter(key=key, counted_at__gte=now - fresh_for()).values_list(
        "counted_at", "asked_at", *parts
    )[:1]
    for counted_at, asked_at, *values in rows:
        if asked_at < now - ASKED_WRITTEN_EVERY:
            StoredReturn.objects.filter(key=key).update(asked_at=now)
        return dict(zip(parts, values, strict=True)), counted_at
    return None


def _count_and_store(scope: ReportScope, period: Period, key: str) -> tuple[dict[str, Any], datetime]:
    counted_at = timezone.now()
    ret = selectors.quarterly_return(scope, period)
    tables = whole_return_tables(ret)
    stored = {
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
    # Through JSON and back, as a stored row is read: a first reader sees exactly what later readers see.
    stored = json.loads(json.dumps(stored))
    StoredReturn.objects.bulk_create(
        [
            StoredReturn(
                key=key,
                scope=scope.ids(),
                period_key=period.key,
                counted_at=counted_at,
                asked_at=counted_at,
                **stored,
            )
        ],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["tables", "dashboard", "counted_at", "asked_at"],
    )
    return stored, counted_at


def stored_returns_refresh(*, limit: int = 20, seconds: float = 40) -> int:
    """The beat task's work (every minute): count again the returns asked for in the last hour that are past
    half their freshness, oldest first, at most `limit` of them and none started after `seconds`, so a run
    ends before the next; forget those nobody asked for in a week or of an older format. Returns how many it
    counted."""
    now, stop_at = timezone.now(), time.monotonic() + seconds
    StoredReturn.objects.filter(asked_at__lt=now - FORGOTTEN_AFTER).delete()
    StoredReturn.objects.exclude(key__startswith=f"{FORMAT}|").delete()
    due = (
        StoredReturn.objects.filter(
            asked_at__gte=now - REFRESHED_WHILE_ASKED_WITHIN, counted_at__lt=now - fresh_for() / 2
        )
        .only("key", "scope", "period_key")
        .order_by("counted_at")[:limit]
    )
    counted = 0
    for row in due:
        if time.monotonic() > stop_at:
            break
        try:
            scope, period = ReportScope.from_ids(row.scope), period_from_key(row.period_key)
        except (ObjectDoesNotExist, KeyError, ValueError):  # a place since deleted, or a row we cannot read
            row.delete()
            continue
        if stored_key(scope, period) != row.key:  # never store figures under a key they were not counted for
            row.delete()
            continue
        with transaction.atomic():
            _lock(row.key)
            _count_and_store(scope, period, row.key)
        counted += 1
    return counted


def stored_returns_forget() -> None:
    """Every stored return is counted again on its next ask (after an import changed the history)."""
    StoredReturn.objects.all().delete()
