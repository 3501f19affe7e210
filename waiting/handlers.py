"""The waiting list reacts to referrals' events (referrals/events.py), in the move's transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from referrals import extensions
from referrals.events import referral_state_changed
from referrals.models import Referral
from referrals.policies import may_manage_waiting
from referrals.states import State
from waiting.services import waiting_follow_move


def on_state_changed(
    sender: Any, *, referral: Referral, move: str, to_state: str, user: Any, reason: str, at: Any, **_: Any
) -> None:
    waiting_follow_move(referral=referral, move=move, to_state=to_state, user=user, reason=reason, at=at)


def referral_page(user: Any, referral: Referral, readable: Callable[[str], str]) -> dict[str, Any]:
    """A referral routed to the user's provider and not yet taken on may wait: the page links to its place on
    the waiting list (no query: the waiting page says whether it is on it)."""
    return {"waiting_list_link": referral.state == State.ROUTED and may_manage_waiting(user, referral)}


def connect() -> None:
    extensions.register_detail_context(referral_page)
    referral_state_changed.connect(on_state_changed, sender=Referral, dispatch_uid="waiting.on_state_changed")
