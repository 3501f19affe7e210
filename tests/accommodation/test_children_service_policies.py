"""Who may do what in the children's service, by role and organisation. Pure: unsaved users, no database."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from accommodation.children_service_policies import may_list_child_cases, may_refer_child, may_work_child_case
from accounts.models import Role, User

SALUS, CENTRA = 7, 2
CASE = SimpleNamespace(provider_id=SALUS, state="started")
SURVIVORS_CASE = SimpleNamespace(provider_id=CENTRA, state="in_support")


def user(role: str, organisation_id: int | None) -> User:
    return User(username=role, role=role, organisation_id=organisation_id, is_active=True)


@pytest.mark.parametrize(
    ("role", "organisation_id", "lists", "refers", "works"),
    [
        (Role.PROVIDER_WORKER, SALUS, True, False, True),  # the children's service holding the case
        (Role.PROVIDER_MANAGER, SALUS, True, False, True),
        (Role.PROVIDER_WORKER, CENTRA, True, True, False),  # the survivor's provider refers, does not work it
        (Role.TRIAGE_WORKER, 1, True, True, False),
        (Role.ADMINISTRATOR, None, True, True, True),
        (Role.COMMISSIONER, 9, False, False, False),
        (Role.PARTNER_USER, 5, False, False, False),
        (Role.MARAC_COORDINATOR, 8, False, False, False),
    ],
)
def test_who_may_list_refer_and_work(
    role: str, organisation_id: int | None, lists: bool, refers: bool, works: bool
) -> None:
    someone = user(role, organisation_id)
    assert may_list_child_cases(someone) is lists
    assert may_refer_child(someone, SURVIVORS_CASE) is refers
    assert may_work_child_case(someone, CASE) is works


def test_an_inactive_user_may_do_nothing() -> None:
    gone = user(Role.PROVIDER_WORKER, SALUS)
    gone.is_active = False
    assert not (may_list_child_cases(gone) or may_work_child_case(gone, CASE))
