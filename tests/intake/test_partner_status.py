from __future__ import annotations

import pytest

from intake.status import PartnerStatus, partner_status
from referrals.states import State


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (State.RECEIVED, PartnerStatus.RECEIVED),
        (State.ASSESSED, PartnerStatus.BEING_ASSESSED),
        (State.NEEDS_ROUTING, PartnerStatus.BEING_ASSESSED),
        (State.DECLINED, PartnerStatus.BEING_ASSESSED),
        (State.ROUTED, PartnerStatus.PASSED_TO_SERVICE),
        (State.ACCEPTED, PartnerStatus.PASSED_TO_SERVICE),
        (State.IN_SUPPORT, PartnerStatus.PASSED_TO_SERVICE),
        (State.MARAC_ONLY, PartnerStatus.PASSED_TO_SERVICE),
        (State.CLOSED, PartnerStatus.CLOSED),
        (State.WITHDRAWN, PartnerStatus.CLOSED),
        (State.DUPLICATE, PartnerStatus.CLOSED),
    ],
)
def test_it_tells_a_partner_only_a_coarse_status(state: str, expected: PartnerStatus) -> None:
    assert partner_status(state) == expected


def test_every_state_has_a_partner_status() -> None:
    assert {partner_status(state) for state in State.values} <= set(PartnerStatus)
