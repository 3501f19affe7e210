"""Routing: which provider and service a referral goes to. Pure: rules come in as plain rows.

Rules are data with validity periods, because contracts end and are re-procured: the rules
in force on the referral's received date apply. A district outside KIDAS (Medway) is signposted
to its own services by a signpost rule (and a high-risk case goes to that district's MARAC). No
rule, or no district, means a person routes it by hand; the app never guesses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from providers.risk_levels import RiskLevel


@dataclass(frozen=True)
class RuleRow:
    id: int
    risk_level: str
    area_id: int | None  # None: the rule covers the whole county
    provider_id: int
    service_id: int
    valid_from: date
    valid_to: date | None  # None: open-ended

    def in_force_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class SignpostRow:
    """Referrals from a district outside KIDAS are signposted to that district's own service."""

    id: int
    district_id: int
    organisation_id: int
    organisation_name: str
    valid_from: date
    valid_to: date | None

    def in_force_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class Outcome(StrEnum):
    PROVIDER = "provider"  # routed to a provider (and to MARAC when high risk)
    MARAC_ONLY = "marac_only"  # high risk without consent: to MARAC, no provider yet
    NO_ONWARD_REFERRAL = "no_onward_referral"  # no consent and not high risk
    SIGNPOSTED = "signposted"  # outside KIDAS: signposted to the district's own service (and its MARAC when high)
    MANUAL = "manual"  # a person must choose


@dataclass(frozen=True)
class RoutingDecision:
    outcome: Outcome
    rule: RuleRow | None
    refer_to_marac: bool
    explanation: str
    signpost: SignpostRow | None = None


def choose_route(
    *,
    rules: Iterable[RuleRow],
    area_id: int | None,
    risk_level: str,
    on_date: date,
    consent: bool,
    district_id: int | None = None,
    signposts: Iterable[SignpostRow] = (),
) -> RoutingDecision:
    high = risk_level == RiskLevel.HIGH
    if not consent and not high:
        return RoutingDecision(
            Outcome.NO_ONWARD_REFERRAL,
            None,
            False,
            "No consent and not high risk: the referral does not go on to a provider.",
        )
    if area_id is None and district_id is not None:
        in_force = [row for row in signposts if row.district_id == district_id and row.in_force_on(on_date)]
        if in_force:
            signpost = max(in_force, key=lambda row: (row.valid_from, row.id))
            explanation = f"Outside KIDAS: signposted to {signpost.organisation_name}."
            return RoutingDecision(Outcome.SIGNPOSTED, None, high, explanation, signpost)
        return RoutingDecision(
            Outcome.MANUAL,
            None,
            False,
            f"The district is outside KIDAS and no signpost rule is in force on {on_date:%-d %B %Y}: route by hand.",
        )
    if area_id is None:
        return RoutingDecision(Outcome.MANUAL, None, False, "No district is recorded: route by hand.")
    if not consent:
        return RoutingDecision(Outcome.MARAC_ONLY, None, True, "High risk without consent: referred to MARAC only.")
    candidates = [
        rule
        for rule in rules
        if rule.risk_level == risk_level and rule.in_force_on(on_date) and rule.area_id in (area_id, None)
    ]
    if not candidates:
        return RoutingDecision(
            Outcome.MANUAL,
            None,
            False,
            f"No routing rule is in force for {risk_level} risk in this area on {on_date:%-d %B %Y}: route by hand.",
        )
    # The area's own rule beats a county-wide one; among equals the most recently started wins.
    best = max(candidates, key=lambda rule: (rule.area_id is not None, rule.valid_from, rule.id))
    return RoutingDecision(Outcome.PROVIDER, best, high, f"Routing rule {best.id} in force on {on_date:%-d %B %Y}.")
