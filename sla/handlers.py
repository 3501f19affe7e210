"""How service levels react to referrals' events (referrals/events.py), and the deadline they add to referrals'
work lists (referrals/extensions.py), connected in SlaConfig.ready()."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from accounts.models import User
from referrals import extensions
from referrals.models import Referral
from sla.current_deadline import DeadlineOrdered, mark_deadline_status, with_current_deadline
from sla.markup import deadline_cell_of
from sla.serializers import QueueRowSerializer
from sla.services import clocks_on_state_change, sla_policy_load


def clocks_follow_the_state(
    sender: object,
    *,
    referral: Referral,
    from_state: str,
    to_state: str,
    at: datetime,
    user: User | None,
    **kwargs: Any,
) -> None:
    """In the move's transaction: stop the clocks the new state ends and start those it begins."""
    clocks_on_state_change(referral=referral, from_state=from_state, to_state=to_state, at=at, user=user)


def load_policy(sender: object, **kwargs: Any) -> dict[str, int]:
    """With the reference data: the default service levels that are missing (an administrator's edit stays)."""
    sla_policy_load()
    return {}


# The deadline referrals' work lists show and the triage queue is ordered by (referrals/extensions.py).
DEADLINES = extensions.WorkListDeadlines(
    annotate=with_current_deadline,
    by_deadline=DeadlineOrdered,
    mark=mark_deadline_status,
    row_serializer=QueueRowSerializer,
    cell=deadline_cell_of,
)


def connect() -> None:
    from providers.events import reference_data_loaded
    from providers.models import Organisation
    from referrals.events import referral_state_changed

    extensions.register_deadlines(DEADLINES)

    reference_data_loaded.connect(load_policy, sender=Organisation, dispatch_uid="sla.load_policy")

    referral_state_changed.connect(clocks_follow_the_state, sender=Referral, dispatch_uid="sla.clocks_follow_the_state")
