"""A duplicate found later is merged into the person it duplicates, recorded, and can be undone."""

from __future__ import annotations

from datetime import date

import pytest

from kidas.errors import DomainError, TransitionConflict
from people.models import Person, PersonMerge
from people.selectors import same_person_ids
from people.services import person_create, person_merge, person_unmerge
from tests.factories import user_in

pytestmark = pytest.mark.django_db


def two_records() -> tuple[Person, Person]:
    kept = person_create(given_name="Amy", family_name="Turner", date_of_birth=date(1985, 4, 4))
    duplicate = person_create(given_name="Aimee", family_name="Turner", date_of_birth=date(1985, 4, 4))
    return kept, duplicate


def test_it_merges_a_duplicate_and_undoes_it_keeping_the_record_of_both() -> None:
    worker = user_in("victim-support", "triage_worker")
    kept, duplicate = two_records()
    merge = person_merge(duplicate=duplicate, into=kept, by=worker, reason="Same person: same phone and address")
    assert sorted(same_person_ids(kept)) == sorted([kept.pk, duplicate.pk])
    duplicate.refresh_from_db()
    assert same_person_ids(duplicate)[0] == kept.pk
    person_unmerge(merge=merge, by=worker, reason="Sisters, not the same person")
    merge.refresh_from_db()
    assert merge.undone_by == worker and merge.undone_at is not None
    assert same_person_ids(kept) == [kept.pk]
    assert Person.objects.get(pk=duplicate.pk).merged_into_id is None
    with pytest.raises(TransitionConflict):
        person_unmerge(merge=merge, by=worker, reason="again")


@pytest.mark.parametrize("case", ["no reason", "into themselves", "already merged", "has merged people"])
def test_it_refuses_a_merge_that_could_not_be_undone_cleanly(case: str) -> None:
    worker = user_in("victim-support", "triage_worker")
    kept, duplicate = two_records()
    other = person_create(given_name="Amy", family_name="Baker")
    reason = "" if case == "no reason" else "Same person"
    into = duplicate if case == "into themselves" else kept
    if case == "already merged":
        person_merge(duplicate=duplicate, into=other, by=worker, reason="x")
    if case == "has merged people":
        person_merge(duplicate=other, into=duplicate, by=worker, reason="x")
    with pytest.raises(DomainError):
        person_merge(duplicate=duplicate, into=into, by=worker, reason=reason)
    assert PersonMerge.objects.filter(duplicate=duplicate, into=into).count() == 0
