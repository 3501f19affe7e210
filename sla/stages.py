"""Which transition starts and stops which clock: one pure table, no database.

Stages (domain.md, service levels):
- triage: received → triaged (risk assessed and routed). Starts on receipt and again when a provider
  declines (the referral is back with the triage team); stops when triage is done.
- provider_decision: routed → accepted or declined by the provider.
- first_contact: accepted → first contact attempt (stopped by `sla.services.clock_stop` from the
  contact-attempt feature; moving into support also stops it: contact was made).
- marac_listing: high risk → listed at MARAC (stopped by `clock_stop` from the MARAC hearing feature).
  Due at the next scheduled meeting of the case's MARAC, at most 14 days (the policy's allowance).
- marac_action: an action agreed at a MARAC → closed, due on the date set at the meeting (one clock
  per action, started and stopped by marac.services).
- safety_review: a safety plan → its review, due on the plan's review date (started by
  casework.services when a plan is recorded; the next plan is the review and stops it).
"""

from __future__ import annotations

from django.db import models

from referrals.risk import RiskLevel
from referrals.states import State


class Stage(models.TextChoices):
    TRIAGE = "triage", "Received to triaged"
    PROVIDER_DECISION = "provider_decision", "Routed to accepted or declined"
    FIRST_CONTACT = "first_contact", "Accepted to first contact attempt"
    MARAC_LISTING = "marac_listing", "High risk to listed at MARAC"
    MARAC_ACTION = "marac_action", "MARAC action to done"
    SAFETY_REVIEW = "safety_review", "Safety plan to its review"


# The triage clock starts before the risk is known: it runs on the standard/medium allowance
# (1 working day). The high-risk 4 hours applies from the moment high is known, i.e. when a
# declined high-risk referral comes back to triage.
RISK_BEFORE_ASSESSMENT = RiskLevel.MEDIUM

STARTS: dict[str, frozenset[str]] = {
    Stage.TRIAGE: frozenset({State.RECEIVED, State.DECLINED}),
    Stage.PROVIDER_DECISION: frozenset({State.ROUTED}),
    Stage.FIRST_CONTACT: frozenset({State.ACCEPTED}),
}
STOPS: dict[str, frozenset[str]] = {
    # Not NEEDS_ROUTING: triage is done when the referral is routed, and one waiting to be routed by hand
    # is still the triage team's to do, with its deadline running (and first in their queue when overdue).
    Stage.TRIAGE: frozenset({State.ROUTED, State.MARAC_ONLY, State.CLOSED, State.WITHDRAWN, State.DUPLICATE}),
    Stage.PROVIDER_DECISION: frozenset({State.ACCEPTED, State.DECLINED, State.WITHDRAWN, State.CLOSED}),
    # A transfer (accepted / in support → routed) hands the case to another provider: its clock starts there.
    Stage.FIRST_CONTACT: frozenset({State.IN_SUPPORT, State.CLOSED, State.WITHDRAWN, State.ROUTED}),
    Stage.MARAC_LISTING: frozenset({State.WITHDRAWN, State.DUPLICATE}),
    # The case ends: nobody is left to review its safety plan.
    Stage.SAFETY_REVIEW: frozenset({State.CLOSED, State.WITHDRAWN, State.DUPLICATE}),
}
# A high-risk referral leaving triage waits to be listed at its MARAC.
MARAC_STARTS = frozenset({State.ROUTED, State.MARAC_ONLY, State.NEEDS_ROUTING})


def clocks_to_stop(to_state: str) -> list[str]:
    return [stage for stage, states in STOPS.items() if to_state in states]


def clocks_to_start(*, to_state: str, risk_level: str) -> list[str]:
    stages = [stage for stage, states in STARTS.items() if to_state in states]
    if risk_level == RiskLevel.HIGH and to_state in MARAC_STARTS:
        stages.append(Stage.MARAC_LISTING)
    return stages
