"""The deadline a work list is ordered by: each referral's earliest open clock, read in the list's own
query (no query per row). Imports only sla's own modules, so referrals and casework selectors can use it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, TypeVar

from django.db.models import DateTimeField, Exists, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from kidas.db.one_value import columns_as_one_value, moment_written
from kidas.db.paging import ReadByIds, by_id, estimated_count
from sla.deadlines import deadline_status
from sla.models import Clock

Rows = TypeVar("Rows", bound=QuerySet[Any])

# A list with fewer rows than this (as counted, or estimated) is ordered from its own rows, each with its
# earliest deadline looked up (index clock_referral); a longer one by walking the open clocks in deadline
# order. Walking finds a page of a small list only after passing every open clock of the county that is not
# in it (1.3 s for an organisation's inbox at a million referrals), while looking up a few thousand rows'
# deadlines costs milliseconds; for a long list (the triage queue) most open clocks are its own and the walk
# stops after a page of them.
FROM_ITS_OWN_ROWS_BELOW = 20_000
# A long list's page is found by walking at most this many of the county's open clocks (a few
# milliseconds on the index); a page further on is found from the list's own rows.
WALK_AT_MOST = 10_000


def with_current_deadline(referrals: Rows) -> Rows:
    """Each referral annotated with its earliest open clock's due time, reminder time and stage as one value
    (`current_deadline`), which `with_deadline_read` sets on the rows read as `deadline_due_at`,
    `deadline_remind_at` and `deadline_stage` (all None when no clock runs). One subquery, not one for each:
    a list's statement took a seventh longer to build and run with three."""
    earliest = Clock.objects.filter(referral=OuterRef("pk"), stopped_at__isnull=True).order_by("due_at", "id")
    deadline = columns_as_one_value("due_at", "remind_at", "stage")
    return referrals.annotate(current_deadline=Subquery(earliest.annotate(deadline=deadline).values("deadline")[:1]))


def with_deadline_read(rows: Iterable[Any]) -> list[Any]:
    """Rows of `with_current_deadline` with their deadline's three parts as attributes (once: rows already read
    are left as they are)."""
    rows = list(rows)
    for row in rows:
        if "current_deadline" not in row.__dict__:
            continue
        due_at, remind_at, stage = row.__dict__.pop("current_deadline") or (None, None, None)
        row.deadline_due_at, row.deadline_remind_at, row.deadline_stage = (
            moment_written(due_at),
            moment_written(remind_at),
            stage,
        )
    return rows


class DeadlineOrdered(ReadByIds):
    """`referrals` most overdue first, then the soonest due; referrals with no running clock last; equal
    deadlines, the one waiting longest first. The plan follows the list: a short one (FROM_ITS_OWN_ROWS_BELOW)
    orders its own rows by their earliest deadline; a long one (the triage queue) walks the county's open
    clocks in deadline order (index clock_open_due), so a page costs the same at any size, but walks at most
    WALK_AT_MOST of them: a long list that holds few of the open clocks (an inbox whose referrals wait on no
    clock) would otherwise pass every open clock of the county to fill a page, and is ordered from its own rows
    instead. Either way the same order, and only the page's rows are read in full."""

    def __init__(
        self,
        referrals: QuerySet[Any],
        *,
        from_its_own_rows_below: int = FROM_ITS_OWN_ROWS_BELOW,
        walk_at_most: int = WALK_AT_MOST,
    ) -> None:
        self.referrals = referrals.order_by()
        self.from_its_own_rows_below = from_its_own_rows_below
        self.walk_at_most = walk_at_most
        self._size: int | None = None

    def count(self) -> int:
        """Exact for a short list, else the planner's estimate (kidas.db.paging.estimated_count)."""
        if self._size is None:
            self._size, self.count_is_estimate = estimated_count(self.referrals)
        return self._size

    def ids_in(self, start: int, stop: int | None) -> list[Any]:
        if stop is not None and self.count() >= self.from_its_own_rows_below:
            walked = self._walked(start, stop)
            if walked is not None:
                return walked
        return list(self._by_own_rows()[start:stop])

    def rows_of(self, ids: list[Any]) -> dict[Any, Any]:
        found = by_id(with_current_deadline(self.referrals.filter(pk__in=ids)))
        with_deadline_read(found.values())
        return found

    def _by_own_rows(self) -> QuerySet[Any]:
        """Ids by their earliest open clock's deadline, those with none last, each looked up by referral."""
        earliest = Clock.objects.filter(referral=OuterRef("pk"), stopped_at__isnull=True).order_by("due_at")
        return (
            self.referrals.annotate(earliest_due_at=Subquery(earliest.values("due_at")[:1]))
            .order_by(F("earliest_due_at").asc(nulls_last=True), "received_at", "id")
            .values_list("pk", flat=True)
        )

    def _walked(self, start: int, stop: int) -> list[Any] | None:
        """The page's ids from the county's first `walk_at_most` open clocks in deadline order, or None when
        they do not fill it. Only clocks due strictly before the first one left unwalked are taken, so
        nothing beyond the walk can belong before what it found (equal deadlines go by the referral's age)."""
        unwalked = Clock.objects.filter(stopped_at__isnull=True).order_by("due_at").values("due_at")
        first_unwalked = Subquery(unwalked[self.walk_at_most : self.walk_at_most + 1], output_field=DateTimeField())
        # In the walk's own statement (the server finds the first unwalked clock once, before the walk): when the
        # county has no more open clocks than the walk takes, every one is before "infinity".
        walk = self._with_a_clock().filter(
            due_at__lt=Coalesce(first_unwalked, Cast(Value("infinity"), DateTimeField()))
        )
        ids = list(walk[start:stop])
        return ids if len(ids) == stop - start else None

    def _with_a_clock(self) -> QuerySet[Any]:
        """Ids by their earliest open clock (the one no other open clock of theirs comes before)."""
        earlier = Clock.objects.filter(referral=OuterRef("referral"), stopped_at__isnull=True).filter(
            Q(due_at__lt=OuterRef("due_at")) | Q(due_at=OuterRef("due_at"), id__lt=OuterRef("id"))
        )
        return (
            Clock.objects.filter(stopped_at__isnull=True, referral__in=self.referrals.values("pk"))
            .exclude(Exists(earlier))
            .order_by("due_at", "referral__received_at", "referral_id")
            .values_list("referral_id", flat=True)
        )


def mark_deadline_status(referrals: Iterable[Any], now: datetime | None = None) -> list[Any]:
    """Set `deadline_status` ("overdue", "due_soon", "on_time" or "") on rows of `with_current_deadline`,
    all judged at the same moment."""
    now = now or timezone.now()
    rows = with_deadline_read(referrals)
    for referral in rows:
        referral.deadline_status = deadline_status(referral.deadline_due_at, referral.deadline_remind_at, now)
    return rows
