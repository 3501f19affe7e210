"""Each child has a page: seen by whoever may see a referral the child is on (the survivor's case), 404 to
anyone else; it shows their age, their households, their own needs and the help they get."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from people.models import Person
from referrals.child_needs import ChildNeed
from tests.factories import dob
from tests.household import link, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def child(open_case: Callable[..., int], centra_worker: User) -> Person:
    """Kai, 7, in the household of a case Centra supports in Swale."""
    kai = person("Kai", "Adeyemi", date_of_birth=dob(7))
    link(open_case(centra_worker), survivor=person("Grace", "Adeyemi"), children=[kai])
    return kai


def page(client: Client, user: User, child: Person) -> tuple[int, str]:
    client.force_login(user)
    response = client.get(f"/referrals/children/{child.pk}/")
    return response.status_code, response.content.decode()


@pytest.mark.parametrize("who", ["centra_worker", "centra_manager", "triage"])
def test_whoever_may_see_the_survivors_case_sees_the_child(
    client: Client, request: pytest.FixtureRequest, child: Person, who: str
) -> None:
    status, body = page(client, request.getfixturevalue(who), child)
    assert status == 200
    assert "Kai Adeyemi" in body and "(age 7)" in body and "Grace Adeyemi" in body


@pytest.mark.parametrize("who", ["oasis_worker", "swale_coordinator", "police_user", "commissioner"])
def test_anyone_else_gets_404(client: Client, request: pytest.FixtureRequest, child: Person, who: str) -> None:
    assert page(client, request.getfixturevalue(who), child)[0] == 404


def test_the_supporting_worker_records_a_need_and_the_help_given(
    client: Client, centra_worker: User, child: Person
) -> None:
    client.force_login(centra_worker)
    response = client.post(
        f"/referrals/children/{child.pk}/", {"need": "Nightmares since the incident", "help_given": "Play therapy"}
    )
    assert response.status_code == 302
    need = ChildNeed.objects.get(child=child)
    assert (need.need, need.help_given, need.recorded_by) == (
        "Nightmares since the incident",
        "Play therapy",
        centra_worker,
    )
    assert "Play therapy" in page(client, centra_worker, child)[1]


def test_a_need_must_be_described(client: Client, centra_worker: User, child: Person) -> None:
    client.force_login(centra_worker)
    response = client.post(f"/referrals/children/{child.pk}/", {"need": " ", "help_given": ""})
    assert response.status_code == 400 and "Describe the child" in response.content.decode()
    assert not ChildNeed.objects.exists()


def test_age_comes_round_on_the_birthday() -> None:
    from referrals.household import age_on

    assert age_on(date(2019, 12, 1), date(2026, 11, 30)) == 6
    assert age_on(date(2019, 11, 30), date(2026, 11, 30)) == 7
    assert age_on(date(2020, 2, 29), date(2027, 2, 28)) == 6  # a leap-day birthday: on 1 March in other years
    assert age_on(date(2020, 2, 29), date(2027, 3, 1)) == 7
    assert age_on(None, timezone.localdate()) is None
