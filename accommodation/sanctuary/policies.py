"""Who may do what to a sanctuary referral: pure functions over the user, like referrals.policies (whose
rules they follow: the scheme is delivered by a provider, as a refuge is)."""

from __future__ import annotations

from typing import Any

from referrals.policies import may_answer_refuge_request, may_request_refuge_place, may_use_vacancy_board


def may_list_sanctuary_referrals(user: Any) -> bool:
    """The list of sanctuary referrals: triage, provider staff, administrators."""
    return may_use_vacancy_board(user)


def may_refer_to_sanctuary(user: Any, referral: Any) -> bool:
    """Refer a case's household to the scheme: triage, the case's own provider staff, administrators."""
    return may_request_refuge_place(user, referral)


def may_deliver_sanctuary(user: Any, provider_id: int) -> bool:
    """Check eligibility, assess, install, complete: the delivering provider's staff (or an administrator)."""
    return may_answer_refuge_request(user, provider_id)
