"""Figures counted once and read many times: the quarterly return and its dashboard (reports.stored_returns),
a MARAC's dataset and capacity gauges (capacity.stored), a MARAC's quarterly figures (marac.stored_quarters), the
breaches report's summary (sla.breach_summary).

Counting them takes the database from a tenth of a second to most of a second at a million referrals, and a
page, its downloads and the API show the same figures. So a kind of figures registers the function that counts
them from its parameters (`figures_kind`), and `stored_figures(kind, params)` keeps what it counted in a row
(kidas.models.StoredFigures) with the moment it counted them, which every reader shows:

- a row younger than REPORT_FIGURES_FRESH_FOR seconds (default 300) is read as it is;
- an older one, or none, is counted in the request, one request at a time for a key (the others wait for it
  and read what it stored), and stored;
- the beat task counts again the rows someone asked for in the last hour before they go stale, so the people
  using the figures rarely wait, and forgets the rows nobody asked for in a week;
- a change that must show at once (an import of historic referrals, a post or population edited) forgets the
  rows of the kinds it changes (`stored_figures_forget`).

The figures under a key can only be what the kind's count makes of the key's parameters: the count is given
nothing else (no user, no request), and the beat task counts again from the parameters stored with the key.
So two people share figures only when they asked with the same parameters; who may ask with which is decided
before (reports.access.report_scope_for, capacity.access.marac_scope_for, sla.selectors.breach_scope_of,
marac.selectors.case_reach_of).

It sits in the plumbing, below every app that counts figures: a kind is registered by the app that knows how
to count it, and the rows hold only JSON."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection, transaction
from django.utils import timezone

from kidas.models import StoredFigures

# Raise it when what is stored changes shape: rows of an older format are never read, and are forgotten.
FORMAT = 3
REFRESHED_WHILE_ASKED_WITHIN = timedelta(hours=1)
FORGOTTEN_AFTER = timedelta(days=7)
# How often the moment of asking is written: a row read a hundred times a minute is written once.
ASKED_WRITTEN_EVERY = timedelta(minutes=5)

Count = Callable[[dict[str, Any]], dict[str, Any]]
KINDS: dict[str, Count] = {}


def figures_kind(name: str) -> Callable[[Count], Count]:
    """Register `count(params) -> figures` (a dict of JSON values, one entry per part a reader may ask for)."""

    def register(count: Count) -> Count:
        KINDS[name] = count
        return count

    return register


@dataclass(frozen=True)
class Stored:
    key: str
    figures: dict[str, Any]  # the parts asked for
    counted_at: datetime

    @property
    def fresh_for_minutes(self) -> int:
        """How soon a change shows in them, as their pages say (templates/includes/figures_as_at.html)."""
        return round(fresh_for().total_seconds() / 60)


@dataclass(frozen=True)
class FromStored:
    """What a reader of stored figures holds, with when they were counted (templates/includes/figures_as_at.html)."""

    stored: Stored

    @property
    def counted_at(self) -> datetime:
        return self.stored.counted_at

    @property
    def fresh_for_minutes(self) -> int:
        return self.stored.fresh_for_minutes


def fresh_for() -> timedelta:
    return timedelta(seconds=settings.REPORT_FIGURES_FRESH_FOR)


def stored_key(kind: str, params: dict[str, Any]) -> str:
    return f"{FORMAT}|{kind}|{json.dumps(params, sort_keys=True, separators=(',', ':'))}"


def stored_figures(kind: str, params: dict[str, Any], *, parts: tuple[str, ...]) -> Stored:
    """The `parts` of `kind`'s figures for `params`, as counted at most REPORT_FIGURES_FRESH_FOR seconds ago."""
    key = stored_key(kind, params)
    found = _fresh(key, parts)
    if found is None:
        with transaction.atomic():
            _lock(key)  # one request counts; the others asking for the same figures wait here, then read its row
            found = _fresh(key, parts) or _count_and_store(kind, params, key, parts)
    return found


def _lock(key: str) -> None:
    """Until the transaction ends, nobody else counts these figures (an advisory lock on the key)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])


def _fresh(key: str, parts: tuple[str, ...]) -> Stored | None:
    now = timezone.now()
    rows = StoredFigures.objects.filter(key=key, counted_at__gte=now - fresh_for()).values_list(
        "counted_at", "asked_at", *(f"figures__{part}" for part in parts)
    )[:1]
    for counted_at, asked_at, *values in rows:
        if asked_at < now - ASKED_WRITTEN_EVERY:
            StoredFigures.objects.filter(key=key).update(asked_at=now)
        return Stored(key, dict(zip(parts, values, strict=True)), counted_at)
    return None


def _count_and_store(kind: str, params: dict[str, Any], key: str, parts: tuple[str, ...]) -> Stored:
    counted_at = timezone.now()
    # Through JSON and back, as a stored row is read: a first reader sees exactly what later readers see.
    figures = json.loads(json.dumps(KINDS[kind](params)))
    StoredFigures.objects.bulk_create(
        [
            StoredFigures(
                key=key,
                kind=kind,
                params=params,
                figures=figures,
                counted_at=counted_at,
                asked_at=counted_at,
                workbook=None,
            )
        ],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["figures", "counted_at", "asked_at", "workbook"],
    )
    return Stored(key, {part: figures[part] for part in parts}, counted_at)


def stored_workbook(stored: Stored, write: Callable[[], bytes]) -> bytes:
    """The figures' workbook, written once per count: the first download writes it (`write`, from the same
    figures) and keeps it beside them; counting them again forgets it. Writing a workbook of some twenty
    sheets took longer than reading the figures."""
    kept = StoredFigures.objects.filter(key=stored.key, counted_at=stored.counted_at).values_list(
        "workbook", flat=True
    )[:1]
    for book in kept:
        if book is not None:
            return bytes(book)
    book = write()
    StoredFigures.objects.filter(key=stored.key, counted_at=stored.counted_at).update(workbook=book)
    return book


def stored_figures_refresh(*, limit: int = 20, seconds: float = 40) -> int:
    """The beat task's work (every minute): count again the figures asked for in the last hour that are past
    half their freshness, oldest first, at most `limit` of them and none started after `seconds`, so a run ends
    before the next; forget those nobody asked for in a week, of an older format or of a kind nobody counts.
    Returns how many it counted."""
    now, stop_at = timezone.now(), time.monotonic() + seconds
    StoredFigures.objects.filter(asked_at__lt=now - FORGOTTEN_AFTER).delete()
    StoredFigures.objects.exclude(key__startswith=f"{FORMAT}|").delete()
    StoredFigures.objects.exclude(kind__in=list(KINDS)).delete()
    due = (
        StoredFigures.objects.filter(
            asked_at__gte=now - REFRESHED_WHILE_ASKED_WITHIN, counted_at__lt=now - fresh_for() / 2
        )
        .only("key", "kind", "params")
        .order_by("counted_at")[:limit]
    )
    counted = 0
    for row in due:
        if time.monotonic() > stop_at:
            break
        if stored_key(row.kind, row.params) != row.key:  # never store figures under a key they were not counted for
            row.delete()
            continue
        try:
            with transaction.atomic():
                _lock(row.key)
                _count_and_store(row.kind, row.params, row.key, ())
        except ObjectDoesNotExist:  # what the figures were of (a MARAC, a district) has since been deleted
            row.delete()
            continue
        counted += 1
    return counted


def stored_figures_forget(*kinds: str) -> None:
    """The figures of `kinds` (every kind, if none is named) are counted again when next asked for."""
    rows = StoredFigures.objects.all()
    if kinds:
        rows = rows.filter(kind__in=kinds)
    rows.delete()
