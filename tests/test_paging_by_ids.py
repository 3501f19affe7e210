"""kidas.db.paging.PageByIds: a page's ids in the list's order, then their rows."""

from __future__ import annotations

import pytest

from kidas.db.paging import PageByIds
from referrals.models import Referral
from tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db


def _listed(last_name: str) -> PageByIds:
    return PageByIds(Referral.objects.filter(last_name=last_name).order_by("id"))


def test_a_page_is_its_rows_in_the_lists_order() -> None:
    made = ReferralFactory.create_batch(3, last_name="Paging")
    assert [r.pk for r in _listed("Paging")[0:2]] == [made[0].pk, made[1].pk]


def test_a_row_that_leaves_the_list_between_the_two_reads_is_left_out(monkeypatch) -> None:
    made = ReferralFactory.create_batch(3, last_name="Paging")
    listing = _listed("Paging")
    read_ids = listing.ids_in

    def then_one_leaves(start: int, stop: int | None) -> list[int]:
        ids = read_ids(start, stop)
        Referral.objects.filter(pk=made[1].pk).update(last_name="Elsewhere")  # someone else's change, just then
        return ids

    monkeypatch.setattr(listing, "ids_in", then_one_leaves)
    assert [r.pk for r in listing[0:3]] == [made[0].pk, made[2].pk]


def test_rows_can_be_read_by_their_ids_alone() -> None:
    made = ReferralFactory.create_batch(2, last_name="Paging")
    listing = PageByIds(
        Referral.objects.filter(last_name="Paging").order_by("id"),
        rows=lambda found: found.only("last_name"),
        rows_from=Referral.objects.all(),
    )
    ids = listing.ids_in(0, 2)
    Referral.objects.filter(pk=made[0].pk).update(last_name="Moved")
    rows = listing.rows_of(ids)
    assert [rows[pk].last_name for pk in ids] == ["Moved", "Paging"]


def test_an_empty_page_reads_no_rows(django_assert_num_queries) -> None:
    def never_read(found):  # the rows' statement is not even built
        raise AssertionError("an empty page read its rows")

    listing = PageByIds(Referral.objects.filter(last_name="Nobody").order_by("id"), rows=never_read)
    with django_assert_num_queries(1):  # the ids only
        assert listing[0:50] == []
