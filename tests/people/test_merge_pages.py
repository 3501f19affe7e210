"""An administrator merges a duplicate person found later, with a reason and a confirmation, and can undo
it with a reason; both recorded. Nobody else has the pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from people.models import Person, PersonMerge
from referrals.models import Referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_records(create_referral: Callable[..., dict[str, Any]]) -> tuple[Person, Person]:
    first = create_referral(first_name="Joanne", last_name="Smith", date_of_birth="1985-03-27", postcode="ME10 3AB")
    second = create_referral(first_name="Jo", last_name="Smyth", date_of_birth="1985-03-27", postcode="CT1 1AA")
    kept, duplicate = (Referral.objects.get(pk=body["id"]).survivor for body in (first, second))
    assert kept is not None and duplicate is not None and kept.pk != duplicate.pk
    return duplicate, kept


def test_an_administrator_merges_a_duplicate_with_a_reason_and_undoes_it(
    client: Client, administrator: User, two_records: tuple[Person, Person]
) -> None:
    duplicate, kept = two_records
    client.force_login(administrator)
    page = client.get(f"/people/{duplicate.pk}/merge/").content.decode()
    assert f'value="{kept.pk}"' in page
    assert " checked" not in page.replace("have checked", "")

    refused = client.post(f"/people/{duplicate.pk}/merge/", {"into": str(kept.pk)})
    assert refused.status_code == 400
    assert "Say why these records are the same person" in refused.content.decode()
    assert not PersonMerge.objects.exists()

    merged = client.post(
        f"/people/{duplicate.pk}/merge/", {"into": str(kept.pk), "reason": "Same NHS letter", "confirmed": "on"}
    )
    assert merged.status_code == 302
    merge = PersonMerge.objects.get()
    assert (merge.duplicate, merge.into, merge.by, merge.reason) == (duplicate, kept, administrator, "Same NHS letter")

    assert client.post(f"/people/{duplicate.pk}/merge/undo/", {}).status_code == 400
    undone = client.post(f"/people/{duplicate.pk}/merge/undo/", {"reason": "Different people after all"})
    assert undone.status_code == 302
    merge.refresh_from_db()
    assert (merge.undone_by, merge.undone_reason) == (administrator, "Different people after all")
    assert Person.objects.get(pk=duplicate.pk).merged_into_id is None


@pytest.mark.parametrize("persona", ["triage", "centra_worker", "swale_coordinator"])
def test_the_merge_pages_are_for_administrators_only(
    client: Client, persona: str, request: pytest.FixtureRequest, two_records: tuple[Person, Person]
) -> None:
    client.force_login(request.getfixturevalue(persona))
    duplicate, _ = two_records
    assert client.get(f"/people/{duplicate.pk}/merge/").status_code == 404
    assert client.get(f"/people/{duplicate.pk}/merge/undo/").status_code == 404
