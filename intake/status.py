"""What a partner is told about a referral they made: a coarse status, never the case."""

from __future__ import annotations

from django.db import models

from referrals.states import State


class PartnerStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    BEING_ASSESSED = "being_assessed", "Being assessed"
    PASSED_TO_SERVICE = "passed_to_service", "Passed to a service"
    CLOSED = "closed", "Closed"


_STATUS: dict[str, PartnerStatus] = {
    State.RECEIVED: PartnerStatus.RECEIVED,
    State.ASSESSED: PartnerStatus.BEING_ASSESSED,
    State.NEEDS_ROUTING: PartnerStatus.BEING_ASSESSED,
    # Declined by a provider: back with triage to route again, which the partner need not know.
    State.DECLINED: PartnerStatus.BEING_ASSESSED,
    State.ROUTED: PartnerStatus.PASSED_TO_SERVICE,
    State.ACCEPTED: PartnerStatus.PASSED_TO_SERVICE,
    State.IN_SUPPORT: PartnerStatus.PASSED_TO_SERVICE,
    # MARAC is a service too; saying "MARAC" would tell the partner the risk level.
    State.MARAC_ONLY: PartnerStatus.PASSED_TO_SERVICE,
    State.CLOSED: PartnerStatus.CLOSED,
    State.WITHDRAWN: PartnerStatus.CLOSED,
    State.DUPLICATE: PartnerStatus.CLOSED,
}


def partner_status(state: str) -> PartnerStatus:
    """The coarse status of a referral state. Every state maps (a new state must be added here)."""
    return _STATUS[state]
