"""The referral's life, as one table that both django-fsm and the database trigger are built from."""

from __future__ import annotations

from typing import NamedTuple

from django.db import models


class State(models.TextChoices):
    RECEIVED = "received", "Received"
    ASSESSED = "assessed", "Assessed"
    NEEDS_ROUTING = "needs_routing", "Needs manual routing"
    ROUTED = "routed", "Routed"
    MARAC_ONLY = "marac_only", "Referred to MARAC only"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    IN_SUPPORT = "in_support", "In support"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"
    DUPLICATE = "duplicate", "Duplicate"


class Move(NamedTuple):
    sources: tuple[str, ...]
    target: str
    label: str


# An open case: a provider has taken it on and not closed it. The caseload, the case tools, who may see
# the restricted fields and the caseload's partial indexes (referrals.models) all read this one tuple.
OPEN_CASE_STATES = (State.ACCEPTED, State.IN_SUPPORT)

_TRIAGE_OPEN = (State.RECEIVED, State.ASSESSED, State.NEEDS_ROUTING, State.DECLINED)
_REROUTABLE = (State.ASSESSED, State.NEEDS_ROUTING, State.DECLINED, State.MARAC_ONLY)

MOVES: dict[str, Move] = {
    "assess": Move((*_TRIAGE_OPEN, State.MARAC_ONLY), State.ASSESSED, "Record risk assessment"),
    "route": Move(_REROUTABLE, State.ROUTED, "Route to provider"),
    "refer_to_marac_only": Move(_REROUTABLE[:-1], State.MARAC_ONLY, "Refer to MARAC only"),
    "flag_for_manual_routing": Move((State.ASSESSED, State.DECLINED), State.NEEDS_ROUTING, "Needs manual routing"),
    "close_without_referral": Move((State.ASSESSED,), State.CLOSED, "Close without onward referral"),
    "accept": Move((State.ROUTED,), State.ACCEPTED, "Accept"),
    "decline": Move((State.ROUTED,), State.DECLINED, "Decline"),
    "start_support": Move((State.ACCEPTED,), State.IN_SUPPORT, "Start support"),
    "close": Move((State.ACCEPTED, State.IN_SUPPORT, State.MARAC_ONLY), State.CLOSED, "Close"),
    "withdraw": Move((*_TRIAGE_OPEN, State.ROUTED, State.MARAC_ONLY), State.WITHDRAWN, "Withdraw"),
    "mark_duplicate": Move(_TRIAGE_OPEN, State.DUPLICATE, "Mark as duplicate"),
    # A case moves to another provider (stepped up, or transferred with a reason) and waits for it to accept.
    "transfer": Move(OPEN_CASE_STATES, State.ROUTED, "Transfer to another provider"),
}

# Where the triage team works: referrals not yet with a provider, or sent back.
TRIAGE_QUEUE_STATES = (State.RECEIVED, State.ASSESSED, State.NEEDS_ROUTING, State.DECLINED)


def allowed_state_changes() -> list[tuple[str, str]]:
    """Every (from, to) pair the machine allows, for the database trigger."""
    pairs = {(str(source), str(move.target)) for move in MOVES.values() for source in move.sources}
    return sorted((a, b) for a, b in pairs if a != b)
