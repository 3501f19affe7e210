"""A referral's API answer names the people around it (who moved it, her children, the alleged perpetrators) in
the statements that read each list, however many there are, and who moved it by name, not by their account."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import User
from people.models import Person
from referrals.models import Referral, StateChange
from tests.factories import ReferralFactory, UserFactory, dob
from tests.household import link, person

pytestmark = pytest.mark.django_db


def _answer(api: Callable[[User], APIClient], user: User, referral: Referral) -> tuple[dict, list[str]]:
    with CaptureQueriesContext(connection) as statements:
        response = api(user).get(f"/api/v1/referrals/{referral.pk}/")
    assert response.status_code == 200
    return response.json(), [s["sql"] for s in statements.captured_queries]


def _with_people(referral: Referral, how_many: int) -> list[Person]:
    children = [person(f"Ava{n}", "Okafor", dob(5 + n)) for n in range(how_many)]
    link(
        referral,
        survivor=person("Amara", "Okafor"),
        perpetrators=[person(f"Dean{n}", "Harper") for n in range(how_many)],
        children=children,
    )
    for n in range(how_many):
        mover: User = UserFactory.create(first_name=f"Sam{n}", last_name="Moss")
        StateChange.objects.create(referral=referral, transition="note", from_state="new", to_state="new", by=mover)
    return children


def test_its_people_are_named_in_the_same_statements_however_many(api, triage: User) -> None:
    one: Referral = ReferralFactory.create()
    three: Referral = ReferralFactory.create()
    _with_people(one, 1)
    her_children = _with_people(three, 3)
    assert all(child.date_of_birth for child in her_children)
    _, read_for_one = _answer(api, triage, one)
    answer, read_for_three = _answer(api, triage, three)
    assert len(read_for_three) == len(read_for_one)
    assert {p["name"] for p in answer["perpetrators"]} == {"Dean0 Harper", "Dean1 Harper", "Dean2 Harper"}
    # Their dates of birth as made (dob() is relative to today: not worked out again after midnight may have passed).
    assert {(c["first_name"], c["date_of_birth"]) for c in answer["child_people"]} == {
        (child.given_name, str(child.date_of_birth)) for child in her_children
    }
    assert {"Sam0 Moss", "Sam1 Moss", "Sam2 Moss"} <= {change["by"] for change in answer["history"]}
    movers = [sql for sql in read_for_three if 'FROM "accounts_user"' in sql]
    assert movers and not [sql for sql in movers if '"accounts_user"."password"' in sql]
