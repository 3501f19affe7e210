"""A work list in deadline order reads the same however it is cut into pages, and whichever way it is found
(a short list from its own rows, a long one by walking the open clocks, or from its own rows where the walk
stops short of the page): the referrals with a running clock
by their earliest deadline, then those with none, oldest first."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from referrals.models import Referral
from sla.current_deadline import DeadlineOrdered
from sla.models import Clock

pytestmark = pytest.mark.django_db


# (from_its_own_rows_below, walk_at_most)
WALK_THE_CLOCKS, A_SHORT_WALK, FROM_ITS_OWN_ROWS = (0, 10**6), (0, 2), (10**9, 10**6)


@pytest.mark.parametrize(
    "plan", [WALK_THE_CLOCKS, A_SHORT_WALK, FROM_ITS_OWN_ROWS], ids=["walk", "short-walk", "own-rows"]
)
@pytest.mark.parametrize("page_size", [1, 2, 3, 5])
def test_it_gives_the_same_order_on_every_page_size(create_referral, page_size, plan: tuple[int, int]) -> None:
    ids = [create_referral()["id"] for _ in range(5)]
    Clock.objects.filter(referral_id__in=ids[1:3]).update(stopped_at=timezone.now())  # no clock runs for these
    later = Clock.objects.filter(referral_id=ids[0], stopped_at__isnull=True).first()
    assert later is not None
    Clock.objects.filter(pk=later.pk).update(due_at=later.due_at + timezone.timedelta(days=30))
    listing = DeadlineOrdered(
        Referral.objects.filter(pk__in=ids), from_its_own_rows_below=plan[0], walk_at_most=plan[1]
    )
    pages = [listing[start : start + page_size] for start in range(0, 5, page_size)]
    assert [r.pk for page in pages for r in page] == [ids[3], ids[4], ids[0], ids[1], ids[2]]
    assert len(listing) == 5
    assert pages[0][0].deadline_due_at is not None and listing[4].deadline_due_at is None


def test_it_orders_a_short_list_from_its_own_rows_without_walking_the_countys_clocks(create_referral) -> None:
    ids = [create_referral()["id"] for _ in range(3)]
    listing = DeadlineOrdered(Referral.objects.filter(pk__in=ids))
    with CaptureQueriesContext(connection) as queries:
        rows = listing[0:2]
    assert [r.pk for r in rows] == ids[:2]  # received one after the other: the first is due first
    assert not [q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "sla_clock"')]
