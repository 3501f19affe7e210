"""Restricted fields: where a person can be reached safely, and where a refuge is. One home for the
rule of who may see them (`may_see_restricted`); pages, the API and exports all ask it.

Who may see them, and why:
- staff of the organisation supporting the person (the provider the case is with, once it has
  accepted it and while support is open): they make the contact;
- the triage team while the referral is with triage (received, assessed, waiting for manual routing,
  or sent back): triage completes the risk assessment with the person and must reach them safely;
- nobody else: not MARAC coordinators or partner agencies (MARAC shares risk, not contact routes),
  not commissioners, not another provider, not triage once the case has gone to a provider, and not
  administrators on the ordinary pages (they see the data only in a subject access export, which is
  itself audited).
"""

from __future__ import annotations

from typing import Any

from accounts.models import Role
from referrals.states import TRIAGE_QUEUE_STATES, State

# The person's safe-contact details and their address ("safe address": where they now live may be a refuge).
RESTRICTED_REFERRAL_FIELDS: tuple[str, ...] = (
    "safe_phone",
    "safe_email",
    "safe_times",
    "code_word",
    "address_line_1",
    "address_line_2",
)
# Every name under which restricted values travel: scrubbed from error reports and kept out of exports.
RESTRICTED_NAMES: tuple[str, ...] = (*RESTRICTED_REFERRAL_FIELDS, "confidential_address")

SUPPORTING_STATES = (State.ACCEPTED, State.IN_SUPPORT)
HIDDEN = "Restricted"


def may_see_restricted(user: Any, referral: Any) -> bool:
    """True when this user may see the referral's safe-contact details and address."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.role == Role.TRIAGE_WORKER:
        return referral.state in TRIAGE_QUEUE_STATES
    if user.role in (Role.PROVIDER_WORKER, Role.PROVIDER_MANAGER):
        return (
            user.organisation_id is not None
            and referral.provider_id == user.organisation_id
            and referral.state in SUPPORTING_STATES
        )
    return False
