"""Who may do what, rule by rule: every policy of referrals.policies against every role, as tables."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from accounts.models import Role, User
from referrals import policies
from referrals.states import State

OWN, OTHER = 1, 2  # organisation ids: the user's own provider and another


@dataclass
class Case:
    provider_id: int | None
    state: str


def person(role: str, organisation_id: int | None = OWN, *, active: bool = True) -> User:
    return User(username=role, role=role, organisation_id=organisation_id, is_active=active)


TRIAGE = person(Role.TRIAGE_WORKER, None)
WORKER = person(Role.PROVIDER_WORKER)
MANAGER = person(Role.PROVIDER_MANAGER)
COORDINATOR = person(Role.MARAC_COORDINATOR)
PARTNER = person(Role.PARTNER_USER)
COMMISSIONER = person(Role.COMMISSIONER, None)
ADMIN = person(Role.ADMINISTRATOR, None)
LEFT = person(Role.PROVIDER_MANAGER, active=False)
ROLES = {
    "triage": TRIAGE,
    "worker": WORKER,
    "manager": MANAGER,
    "coordinator": COORDINATOR,
    "partner": PARTNER,
    "commissioner": COMMISSIONER,
    "admin": ADMIN,
    "left": LEFT,
}

# Pages that name no record: who is let in, by role.
BY_ROLE: dict[Callable[[Any], bool], set[str]] = {
    policies.is_administrator: {"admin"},
    policies.may_use_triage_queue: {"triage", "admin"},
    policies.may_use_caseload: {"worker", "manager", "admin"},
    policies.may_list_step_downs: {"manager"},
    policies.may_see_refuge_places: {"triage", "worker", "manager", "admin"},
    policies.is_partner: {"partner"},
    policies.may_list_referrals: {"triage", "worker", "manager", "coordinator", "commissioner", "admin"},
    policies.may_use_marac: {"coordinator", "partner", "admin"},
    policies.is_marac_coordinator: {"coordinator", "admin"},
    policies.may_see_breaches: {"triage", "manager", "admin"},
    policies.may_see_reports: {"manager", "commissioner", "admin"},
    policies.may_import: {"admin"},
    policies.may_see_marac_dataset: {"coordinator", "commissioner", "admin"},
    policies.may_edit_capacity: {"commissioner", "admin"},
    policies.may_use_vacancy_board: {"triage", "worker", "manager", "admin"},
}


@pytest.mark.parametrize("policy", BY_ROLE, ids=lambda policy: policy.__name__)
def test_each_page_without_a_record_lets_in_exactly_its_roles(policy: Callable[[Any], bool]) -> None:
    assert {name for name, user in ROLES.items() if policy(user)} == BY_ROLE[policy]


def test_a_partner_user_without_an_organisation_refers_for_nobody() -> None:
    assert not policies.is_partner(person(Role.PARTNER_USER, None))


def test_nobody_signed_out_passes_any_policy() -> None:
    assert not any(policy(None) for policy in BY_ROLE)


OPEN_OWN = Case(OWN, State.IN_SUPPORT)
OPEN_OTHERS = Case(OTHER, State.ACCEPTED)
CLOSED_OWN = Case(OWN, State.CLOSED)
ROUTED_OWN = Case(OWN, State.ROUTED)
WITH_TRIAGE = Case(None, State.ASSESSED)

# (policy, user, case, allowed)
BY_CASE = [
    (policies.may_act_for_provider, WORKER, ROUTED_OWN, True),
    (policies.may_act_for_provider, WORKER, OPEN_OTHERS, False),
    (policies.may_act_for_provider, ADMIN, OPEN_OTHERS, True),
    (policies.may_act_for_provider, TRIAGE, WITH_TRIAGE, False),  # no organisation is nobody's provider
    (policies.may_act_for_provider, LEFT, ROUTED_OWN, False),
    (policies.may_work_case, WORKER, OPEN_OWN, True),
    (policies.may_work_case, MANAGER, CLOSED_OWN, True),  # notes stay open after a case ends
    (policies.may_work_case, WORKER, OPEN_OTHERS, False),
    (policies.may_work_case, COORDINATOR, OPEN_OWN, False),  # same organisation id, not provider staff
    (policies.may_work_case, ADMIN, OPEN_OTHERS, True),
    (policies.may_use_case_tools, WORKER, OPEN_OWN, True),
    (policies.may_use_case_tools, WORKER, CLOSED_OWN, False),
    (policies.may_use_case_tools, WORKER, ROUTED_OWN, False),
    (policies.may_use_case_tools, ADMIN, CLOSED_OWN, False),
    (policies.may_see_case_trail, MANAGER, CLOSED_OWN, True),
    (policies.may_see_case_trail, MANAGER, OPEN_OTHERS, False),
    (policies.may_see_case_trail, WORKER, OPEN_OWN, False),
    (policies.may_see_case_trail, ADMIN, OPEN_OTHERS, True),
    (policies.may_see_case_trail, LEFT, OPEN_OWN, False),
    (policies.may_decide_step_down, MANAGER, OPEN_OWN, True),
    (policies.may_decide_step_down, MANAGER, OPEN_OTHERS, False),
    (policies.may_decide_step_down, WORKER, OPEN_OWN, False),
    (policies.may_decide_step_down, ADMIN, OPEN_OWN, False),
    (policies.may_decide_step_down, LEFT, OPEN_OWN, False),
    (policies.may_see_restricted, TRIAGE, WITH_TRIAGE, True),
    (policies.may_see_restricted, TRIAGE, OPEN_OWN, False),
    (policies.may_see_restricted, WORKER, OPEN_OWN, True),
    (policies.may_see_restricted, WORKER, CLOSED_OWN, False),
    (policies.may_see_restricted, WORKER, OPEN_OTHERS, False),
    (policies.may_see_restricted, ADMIN, OPEN_OWN, False),
    (policies.may_see_restricted, COMMISSIONER, OPEN_OWN, False),
    (policies.may_correct, ADMIN, CLOSED_OWN, True),
    (policies.may_correct, TRIAGE, WITH_TRIAGE, True),
    (policies.may_correct, TRIAGE, OPEN_OWN, False),
    (policies.may_correct, MANAGER, OPEN_OWN, True),
    (policies.may_correct, MANAGER, CLOSED_OWN, False),
    (policies.may_correct, COORDINATOR, OPEN_OWN, False),
    (policies.may_request_refuge_place, TRIAGE, OPEN_OTHERS, True),
    (policies.may_request_refuge_place, WORKER, OPEN_OWN, True),
    (policies.may_request_refuge_place, WORKER, OPEN_OTHERS, False),
    (policies.may_request_refuge_place, PARTNER, OPEN_OWN, False),
    (policies.may_request_refuge_place, COMMISSIONER, OPEN_OWN, False),
    (policies.may_request_refuge_place, ADMIN, OPEN_OTHERS, True),
    (policies.may_request_refuge_place, LEFT, OPEN_OWN, False),
]


# (user, the refuge's provider, allowed): only the refuge's own provider answers for it.
REFUGE_ANSWERS = [
    (WORKER, OWN, True),
    (MANAGER, OWN, True),
    (WORKER, OTHER, False),
    (TRIAGE, OWN, False),
    (COORDINATOR, OWN, False),
    (ADMIN, OTHER, True),
    (LEFT, OWN, False),
]


@pytest.mark.parametrize(("user", "refuge_provider", "allowed"), REFUGE_ANSWERS)
def test_only_a_refuges_own_provider_answers_its_requests(user: User, refuge_provider: int, allowed: bool) -> None:
    assert policies.may_answer_refuge_request(user, refuge_provider) is allowed


@pytest.mark.parametrize(
    ("policy", "user", "case", "allowed"),
    BY_CASE,
    ids=[
        f"{p.__name__}-{u.role}{'-left' if not u.is_active else ''}-{c.state}-{c.provider_id}" for p, u, c, _ in BY_CASE
    ],
)
def test_each_case_policy_answers_as_its_rule_says(policy: Any, user: User, case: Case, allowed: bool) -> None:
    assert policy(user, case) is allowed
