"""The waiting list reacts to referrals' events (referrals/events.py), in the move's transaction."""

from __future__ import annotations

from typing import Any

from referrals.events import referral_state_changed
from referrals.models import Referral
from waiting.services import waiting_follow_move


def on_state_changed(
    sender: Any, *, referral: Referral, move: str, to_state: str, user: Any, reason: str, at: Any, **_: Any
) -> None:
    waiting_follow_move(referral=referral, move=move, to_state=to_state, user=user, reason=reason, at=at)


def connect() -> None:
    referral_state_changed.connect(on_state_changed, sender=Referral, dispatch_uid="waiting.on_state_changed")
