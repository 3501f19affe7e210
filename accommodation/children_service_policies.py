"""Who may do what in the children's service (SASS). Pure: the user's role and organisation, and the child's
case's provider. Which cases a user may see at all is accommodation.children_service_selectors' answer (404)."""

from __future__ import annotations

from typing import Any, Protocol

from accounts.models import Role
from referrals.policies import Case, is_administrator, may_request_refuge_place, may_use_caseload


class ChildCaseLike(Protocol):
    provider_id: int
    state: str


def may_list_child_cases(user: Any) -> bool:
    """The children's service list: provider staff (the children's service's own, and the survivors'
    providers for their cases' children), triage and administrators."""
    return may_use_caseload(user) or (
        user is not None and getattr(user, "is_active", False) and getattr(user, "role", "") == Role.TRIAGE_WORKER
    )


def may_refer_child(user: Any, referral: Case) -> bool:
    """Refer a child on a survivor's case: as a safe-accommodation case, triage or the case's own provider
    (who may ask a refuge for a place); triage also records a professional's referral."""
    return may_request_refuge_place(user, referral)


def is_childrens_service_staff(user: Any, provider_id: int) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_active", False)
        and getattr(user, "role", "") in (Role.PROVIDER_WORKER, Role.PROVIDER_MANAGER)
        and user.organisation_id == provider_id
    )


def may_work_child_case(user: Any, case: ChildCaseLike) -> bool:
    """Start, set goals, log sessions, score, decline or close: the children's service holding the case."""
    return is_administrator(user) or is_childrens_service_staff(user, case.provider_id)


def may_withdraw_child_case(user: Any, case: ChildCaseLike, referral: Case) -> bool:
    """Withdraw a referral not yet started: whoever may refer the child, or the children's service."""
    return may_work_child_case(user, case) or may_refer_child(user, referral)
