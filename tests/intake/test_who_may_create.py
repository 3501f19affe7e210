"""Which door each kind of caller may use to create a referral (referrals.services.may_create_referral)."""

from __future__ import annotations

import pytest

from accounts.models import Role, User
from referrals.services import may_create_referral

TRIAGE, PARTNER, PROVIDER = Role.TRIAGE_WORKER, Role.PARTNER_USER, Role.PROVIDER_WORKER


@pytest.mark.parametrize(
    ("role", "channel", "allowed"),
    [
        (None, "online", True),
        (None, "partner_api", True),
        (None, "partner_form", False),
        (None, "phone", False),
        (None, "triage", False),
        (TRIAGE, "triage", True),
        (TRIAGE, "phone", True),
        (TRIAGE, "online", True),
        (PARTNER, "partner_form", True),
        (PARTNER, "triage", False),
        (PARTNER, "phone", False),
        (PARTNER, "online", False),
        (PARTNER, "partner_api", False),
        (PROVIDER, "partner_form", False),
        (PROVIDER, "triage", False),
        (Role.COMMISSIONER, "partner_form", False),
    ],
)
def test_it_lets_each_caller_through_its_own_door_only(role: str | None, channel: str, allowed: bool) -> None:
    user = None if role is None else User(username="someone", role=role)
    assert may_create_referral(user, channel) is allowed
