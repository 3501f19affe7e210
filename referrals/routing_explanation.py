"""Why a referral went where it did, in words a caseworker can check: which provider and service, for
which risk, in which district and area, under which rule (contract) and since when. The one place the
explanation is written: the referral page, the API, the assessment message and the history use it."""

from __future__ import annotations

from datetime import date

from providers.models import District, RoutingRule
from providers.routing import Outcome, RoutingDecision
from referrals.models import Referral

EXPLANATION_MAX = Referral._meta.get_field("routing_explanation").max_length or 300


def _day(day: date) -> str:
    return f"{day:%-d %B %Y}"


def _where(district: District | None) -> str:
    if district is None:
        return "a district not recorded"
    return f"{district.name} ({district.area.name} area)" if district.area else district.name


def rule_explanation(rule: RoutingRule, district: District | None) -> str:
    """E.g. "Routed to Centra Care and Support (IDVA support): high risk in Swale (North area), under the
    North area's high-risk rule "KIDAS contract, April 2017 onwards", in force from 1 April 2017."."""
    scope = f"the {rule.area.name} area's" if rule.area else "the county-wide"
    note = f" “{rule.note}”" if rule.note else ""
    period = f"from {_day(rule.valid_from)}" + (f" to {_day(rule.valid_to)}" if rule.valid_to else "")
    return (
        f"Routed to {rule.provider.name} ({rule.service.name}): {rule.risk_level} risk in {_where(district)}, "
        f"under {scope} {rule.risk_level}-risk rule{note}, in force {period}."
    )


def decision_explanation(decision: RoutingDecision, referral: Referral, on_date: date) -> str:
    """The words recorded when the rules decide (routing_explanation and the history's reason)."""
    if decision.outcome is Outcome.PROVIDER and decision.rule is not None:
        rule = RoutingRule.objects.select_related("area", "provider", "service").get(pk=decision.rule.id)
        return rule_explanation(rule, referral.district)[:EXPLANATION_MAX]
    if decision.outcome is Outcome.MANUAL and referral.district is not None and referral.district.area:
        return (
            f"No routing rule is in force for {referral.risk_level} risk in {_where(referral.district)} "
            f"on {_day(on_date)}: route by hand."
        )
    return decision.explanation


def open_case_explanation(open_case: Referral) -> str:
    """Why the rules did not route a referral: the survivor's case is open with another provider."""
    worker = f", worker {open_case.allocated_worker}" if open_case.allocated_worker else ""
    return (
        f"Not routed by the rules: the survivor's case {open_case.reference} is open with {open_case.provider}"
        f"{worker}. Route this referral there to join it, or to another provider with a reason."
    )[:EXPLANATION_MAX]


def routing_explanation(referral: Referral) -> str:
    """What the page and the API show. A referral routed by a rule is explained from that rule (so ones
    recorded before the explanation was worded this way read the same); otherwise the recorded words
    (routed by hand with its reason, MARAC only, no onward referral, needs routing by hand)."""
    rule = referral.routing_rule
    if rule is not None and rule.provider_id == referral.provider_id:  # not after a decline or a transfer
        return rule_explanation(rule, referral.district)
    return referral.routing_explanation
