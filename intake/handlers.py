"""Intake's answers to referrals' events (referrals/events.py), connected in IntakeConfig.ready()."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from intake.people import KnownPerson, known_people_like


def known_people_for_new_referral(sender: Any, *, user: User, typed: dict[str, Any], **_: Any) -> list[KnownPerson]:
    """The candidates for the person on a new referral, with open case, MARAC history and last risk level."""
    return known_people_like(user, **typed)
