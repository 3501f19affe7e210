"""Writes to referrals. Views, API views, commands and tasks call these and nothing else.

Every state change goes through `apply_move`, which checks the move is allowed from the current
state, saves with optimistic locking (the UPDATE is conditional on the state read), and writes
the history row, all inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django_fsm import ConcurrentTransition, can_proceed

from accounts.models import Role, User
from kidas.errors import DomainError, NotPermitted, TransitionConflict
from kidas.queue import enqueue_after_commit
from people.models import Person
from providers.models import Organisation, RoutingRule, Service, SignpostRule
from providers.routing import Outcome, RoutingDecision, choose_route
from referrals.events import (
    TriageNews,
    high_risk_referral_routed,
    referral_routed,
    referral_state_changed,
    triage_news,
)
from referrals.models import Channel, ChecklistVersion, Child, Referral, RiskAssessment, StateChange
from referrals.people_links import ChildData as ChildData
from referrals.people_links import SurvivorChoice as SurvivorChoice
from referrals.people_links import referral_link_people, survivor_choice_of
from referrals.policies import may_act_for_provider
from referrals.risk import (
    STEP_DOWN_REASON_NEEDED,
    ChecklistItem,
    RiskInput,
    RiskLevel,
    RiskThresholds,
    assess_risk,
    lowers,
    repeat_window_start,
)
from referrals.routing_explanation import decision_explanation, open_case_explanation
from referrals.selectors import (
    REFERRAL_RELATED,
    open_case_with_another_provider,
    referral_get_for_user,
    same_person_as,
)
from referrals.states import MOVES, State

TRIAGE_ROLES: set[str] = {Role.TRIAGE_WORKER, Role.ADMINISTRATOR}
PROVIDER_ROLES: set[str] = {Role.PROVIDER_WORKER, Role.PROVIDER_MANAGER, Role.ADMINISTRATOR}

# Which roles may make which move (declared once, as django-oscar declares its permission maps).
MOVE_ROLES: dict[str, set[str]] = {
    "assess": TRIAGE_ROLES,
    "route": TRIAGE_ROLES,
    "refer_to_marac_only": TRIAGE_ROLES,
    "flag_for_manual_routing": TRIAGE_ROLES,
    "close_without_referral": TRIAGE_ROLES,
    "withdraw": TRIAGE_ROLES,
    "mark_duplicate": TRIAGE_ROLES,
    "accept": PROVIDER_ROLES,
    "decline": PROVIDER_ROLES,
    "start_support": PROVIDER_ROLES,
    # Providers close their cases with outcomes through casework.services.case_close; this move
    # is the triage team's, for a referral that went to MARAC only.
    "close": TRIAGE_ROLES,
    "transfer": PROVIDER_ROLES,
}


def user_may(user: User, move: str) -> bool:
    return user.is_superuser or user.role in MOVE_ROLES[move]


def _require(user: User, move: str) -> None:
    if not user_may(user, move):
        raise NotPermitted(f"Your role ({user.get_role_display()}) cannot {MOVES[move].label.lower()}.")


def ensure_move_allowed(referral: Referral, move: str) -> None:
    """409 in plain words when the referral's current state does not allow the move."""
    if not can_proceed(getattr(referral, move)):
        raise TransitionConflict(
            f"{referral.reference} is {referral.get_state_display().lower()}: "
            f"it cannot be moved by “{MOVES[move].label}” now. Reload the page to see its current state."
        )


def apply_move(referral: Referral, *, move: str, user: User | None, reason: str = "") -> StateChange:
    """The one way a referral changes state: checked, saved with optimistic locking, and recorded."""
    ensure_move_allowed(referral, move)
    method = getattr(referral, move)
    from_state = referral.state
    method()
    referral.state_changed_at = timezone.now()
    try:
        referral.save()
    except ConcurrentTransition:
        raise TransitionConflict(
            f"Someone else changed {referral.reference} at the same moment. Reload the page to see its current state."
        ) from None
    change = StateChange.objects.create(
        referral=referral, transition=move, from_state=from_state, to_state=referral.state, by=user, reason=reason
    )
    # Service-level clocks and MARAC agendas react here, in this transaction (referrals/events.py).
    referral_state_changed.send(
        sender=Referral,
        referral=referral,
        move=move,
        from_state=from_state,
        to_state=referral.state,
        at=referral.state_changed_at,
        user=user,
        reason=reason,
    )
    return change


# Who may record a referral through which channel ("no wrong door"). The triage service may use any.
# The public self-referral form and partner systems have no signed-in user (user=None): their
# callers (the public pages, the partner API's key authentication) vouch for them.
CHANNEL_ROLES: dict[str, set[str]] = {Channel.PARTNER_FORM: {Role.PARTNER_USER}}
UNSIGNED_CHANNELS: set[str] = {Channel.ONLINE, Channel.PARTNER_API}


def may_create_referral(user: User | None, channel: str) -> bool:
    if user is None:
        return channel in UNSIGNED_CHANNELS
    if user.is_superuser or user.role in TRIAGE_ROLES:
        return True
    return channel not in UNSIGNED_CHANNELS and user.role in CHANNEL_ROLES.get(channel, set())


@transaction.atomic
def referral_create(
    *,
    user: User | None,
    data: Mapping[str, Any],
    children: Iterable[ChildData] = (),
    channel: str | None = None,
    survivor: Person | None = None,
    survivor_choice: str | None = None,
) -> Referral:
    """Record a new referral in the triage queue (received), whatever door it came through.
    The one place referrals are created: flags a repeat when the same person was referred in the
    window, and writes the 'receive' history row.

    `survivor_choice` is the worker's answer to "is this someone already known?": "existing" (with
    `survivor`), "new" (always a new person) or "not_asked" (public and partner arrivals, imports: the
    repeat rule's same-person match decides). Left out, it is "existing" when a survivor is given, else
    "not_asked"."""
    choice = survivor_choice_of(survivor_choice, survivor)
    fields = dict(data)
    if channel:
        fields["channel"] = channel
    if not may_create_referral(user, fields.get("channel") or Channel.PHONE):
        raise NotPermitted("Only the triage service records referrals here.")
    fields.setdefault("received_at", timezone.now())
    referral = Referral(created_by=user, **fields)
    earlier = same_person_as(referral, before=referral.received_at).first()
    if earlier is not None and earlier.received_at >= repeat_window_start(referral.received_at):
        referral.is_repeat = True
        referral.repeat_of = earlier
    referral.full_clean(exclude=["state"])
    referral.save()
    children = list(children)
    Child.objects.bulk_create(
        [Child(referral=referral, first_name=c.first_name, date_of_birth=c.date_of_birth) for c in children]
    )
    referral_link_people(referral=referral, children=children, user=user, survivor=survivor, survivor_choice=choice)
    StateChange.objects.create(
        referral=referral,
        transition="receive",
        from_state="",
        to_state=State.RECEIVED,
        by=user,
        reason=f"Received from {referral.get_source_display().lower()} ({referral.get_channel_display().lower()})",
    )
    referral_state_changed.send(
        sender=Referral,
        referral=referral,
        move="receive",
        from_state="",
        to_state=State.RECEIVED,
        at=referral.received_at,
        user=user,
        reason="",
    )
    return referral


def current_checklist() -> ChecklistVersion:
    checklist = ChecklistVersion.objects.filter(is_current=True).first()
    if checklist is None:
        raise DomainError("No risk checklist is loaded: run manage.py load_reference_data.")
    return checklist


def checklist_items(checklist: ChecklistVersion) -> list[ChecklistItem]:
    return [
        ChecklistItem(key=q.key, topic=q.topic, prompts_judgement=q.prompts_judgement, cluster=q.cluster)
        for q in checklist.questions.all()
    ]


@dataclass(frozen=True)
class AssessmentInput:
    answers: Mapping[str, str]
    police_callouts: tuple[date, ...] = ()
    judgement_level: str = ""
    judgement_reason: str = ""
    honour_based_abuse: bool = False


def assessment_record(*, referral: Referral, user: User, given: AssessmentInput) -> RiskAssessment:
    """Score the current checklist and keep the assessment with the rules it was scored by.
    Does not move the referral: the caller decides what the new level means for it."""
    checklist = current_checklist()
    thresholds = RiskThresholds.from_settings()
    callouts = tuple(sorted(given.police_callouts))
    decision = assess_risk(
        checklist_items(checklist),
        RiskInput(
            answers=given.answers,
            assessed_on=timezone.localdate(),
            police_callouts=callouts,
            judgement_level=given.judgement_level or None,
            judgement_reason=given.judgement_reason,
            honour_based_abuse=given.honour_based_abuse,
        ),
        thresholds,
    )
    return RiskAssessment.objects.create(
        referral=referral,
        checklist=checklist,
        answers=dict(given.answers),
        police_callouts=[d.isoformat() for d in callouts],
        judgement_level=given.judgement_level,
        judgement_reason=given.judgement_reason,
        honour_based_abuse=given.honour_based_abuse,
        thresholds=thresholds.as_dict(),
        yes_count=decision.yes_count,
        callouts_in_window=decision.callouts_in_window,
        level=decision.level,
        reasons=list(decision.reasons),
        flags=list(decision.flags),
        marac_reason=decision.marac_reason or "",
        assessed_by=user,
    )


@transaction.atomic
def referral_assess(
    *,
    user: User,
    referral_id: int,
    answers: Mapping[str, str],
    police_callouts: Iterable[date] = (),
    judgement_level: str = "",
    judgement_reason: str = "",
    honour_based_abuse: bool = False,
    step_down_reason: str = "",
) -> RiskAssessment:
    """Score the checklist, record the assessment, and route the referral by the rules. A reassessment
    that lowers the level needs a reason: it is kept in the history, and the coordinators of a MARAC that
    holds the referral are told."""
    referral = referral_get_for_user(user, referral_id, also=REFERRAL_RELATED)
    _require(user, "assess")
    given = AssessmentInput(
        answers=answers,
        police_callouts=tuple(police_callouts),
        judgement_level=judgement_level,
        judgement_reason=judgement_reason,
        honour_based_abuse=honour_based_abuse,
    )
    ensure_move_allowed(referral, "assess")
    before = referral.risk_level
    assessment = assessment_record(referral=referral, user=user, given=given)
    why = "; ".join(assessment.reasons)
    stepped_down = lowers(before, assessment.level)
    if stepped_down:
        if not step_down_reason.strip():
            raise ValidationError({"step_down_reason": STEP_DOWN_REASON_NEEDED})
        why = f"Stepped down from {before} to {assessment.level} risk: {step_down_reason.strip()}. {why}"
    apply_move(referral, move="assess", user=user, reason=why)
    if stepped_down:
        triage_news.send(
            sender=Referral,
            referral=referral,
            user=user,
            news=TriageNews.STEPPED_DOWN,
            text=f"Triage reassessed the risk from {before} to {assessment.level}: {step_down_reason.strip()}",
        )
    referral.risk_level = assessment.level
    referral.save(update_fields=["risk_level"])
    _route_by_rules(referral, user=user, assessment=assessment)
    return assessment


def routing_decision(referral: Referral, *, on_date: date | None = None) -> RoutingDecision:
    """What the rules say for this referral's district and current risk level."""
    rules = [rule.as_row() for rule in RoutingRule.objects.filter(risk_level=referral.risk_level)]
    district = referral.district
    signposts = [
        rule.as_row() for rule in SignpostRule.objects.filter(district=district).select_related("organisation")
    ]
    return choose_route(
        rules=rules,
        area_id=district.area_id if district else None,
        risk_level=referral.risk_level,
        on_date=on_date or timezone.localdate(referral.received_at),
        consent=referral.consent_given,
        district_id=district.pk if district else None,
        signposts=signposts,
    )


def _signpost(referral: Referral, *, user: User, decision: RoutingDecision, assessment: RiskAssessment | None) -> None:
    """Outside KIDAS: the district's own MARAC when high risk, and its own service to signpost to.
    The referral leaves triage as "MARAC only" (high) or closed with the signposting (otherwise)."""
    if decision.signpost is None:
        raise ValueError("A signposting decision names where to signpost")
    district = referral.district.name if referral.district else "The district"
    done = []
    listed_at = referral_list_at_marac(referral, user=user, assessment=assessment)
    if listed_at is not None:
        done.append(f"referred to {listed_at}")
    done.append(f"signposted to {decision.signpost.organisation_name}")
    referral.routing_explanation = f"{district} is outside KIDAS: {' and '.join(done)}."[:300]
    referral.save(update_fields=["routing_explanation"])
    move = "refer_to_marac_only" if decision.refer_to_marac or listed_at else "close_without_referral"
    apply_move(referral, move=move, user=user, reason=referral.routing_explanation)


def _route_by_rules(referral: Referral, *, user: User, assessment: RiskAssessment | None) -> None:
    decision = routing_decision(referral)
    if decision.outcome is Outcome.SIGNPOSTED:
        _signpost(referral, user=user, decision=decision, assessment=assessment)
        return
    referral.routing_explanation = decision_explanation(decision, referral, timezone.localdate(referral.received_at))
    open_case = open_case_with_another_provider(referral, decision.rule.provider_id if decision.rule else None)
    if decision.outcome is Outcome.PROVIDER and open_case is None:
        if decision.rule is None:
            raise ValueError("A routing decision to a provider names its rule")
        _send_to_provider(
            referral,
            user=user,
            provider_id=decision.rule.provider_id,
            service_id=decision.rule.service_id,
            rule_id=decision.rule.id,
            reason=referral.routing_explanation,
        )
    else:
        if open_case is not None and decision.outcome is Outcome.PROVIDER:
            # Not handed to a second provider without a reason: triage routes it by hand, with one.
            referral.routing_explanation = open_case_explanation(open_case)
        referral.routing_rule = None  # a rule that routed it before no longer explains where it is
        referral.save(update_fields=["routing_explanation", "routing_rule"])
        move = {
            Outcome.MARAC_ONLY: "refer_to_marac_only",
            Outcome.NO_ONWARD_REFERRAL: "close_without_referral",
        }.get(decision.outcome, "flag_for_manual_routing")
        if move == "close_without_referral" and referral_list_at_marac(referral, user=user, assessment=assessment):
            move = "refer_to_marac_only"  # a repeat of its pair goes to MARAC: it is not closed
        apply_move(referral, move=move, user=user, reason=referral.routing_explanation)
    referral_list_at_marac(referral, user=user, assessment=assessment)


def _send_to_provider(
    referral: Referral,
    *,
    user: User,
    provider_id: int,
    service_id: int,
    rule_id: int | None,
    reason: str,
    move: str = "route",
) -> None:
    from referrals.tasks import notify_provider_of_referral

    referral.provider_id = provider_id
    referral.service_id = service_id
    referral.routing_rule_id = rule_id
    referral.allocated_worker = None
    referral.last_decline_reason = ""
    apply_move(referral, move=move, user=user, reason=reason)
    enqueue_after_commit(notify_provider_of_referral, referral.pk)


def referral_send_to_provider(
    referral: Referral, *, user: User, provider_id: int, service_id: int, rule_id: int | None, reason: str
) -> None:
    """Move an open case to another provider (stepped up, or transferred): it waits there to be accepted."""
    _send_to_provider(
        referral,
        user=user,
        provider_id=provider_id,
        service_id=service_id,
        rule_id=rule_id,
        reason=reason,
        move="transfer",
    )


def referral_list_at_marac(referral: Referral, *, user: User, assessment: RiskAssessment | None) -> str | None:
    """List a routed referral at MARAC; the MARAC app does it, on the events. High risk: at its district's
    MARAC (routing again after a decline keeps the open listing it has). Any risk level: at the pair's MARAC
    when its survivor and an alleged perpetrator were referred to one within the repeat window. Returns the
    MARAC's name; None when it is not for MARAC, or no MARAC covers the district."""
    if referral.risk_level != RiskLevel.HIGH:
        answers = referral_routed.send(sender=Referral, referral=referral, user=user, assessment=assessment)
        return next((name for _receiver, name in answers if name), None)
    if not high_risk_referral_routed.has_listeners(Referral):
        # Safety first: a high-risk referral must never silently miss its MARAC.
        raise ImproperlyConfigured("Nothing lists high-risk referrals at a MARAC: is the marac app installed?")
    answers = high_risk_referral_routed.send(sender=Referral, referral=referral, user=user, assessment=assessment)
    return next((name for _receiver, name in answers if name), None)


@transaction.atomic
def referral_route(*, user: User, referral_id: int) -> Referral:
    """Run the routing rules again (after a district was corrected, or after a decline)."""
    referral = referral_get_for_user(user, referral_id, also=REFERRAL_RELATED)
    _require(user, "route")
    if not referral.risk_level:
        raise TransitionConflict(f"{referral.reference} has no risk assessment yet: assess it first.")
    last = referral.assessments.first()
    _route_by_rules(referral, user=user, assessment=last)
    return referral


@transaction.atomic
def referral_route_manually(
    *, user: User, referral_id: int, provider_id: int, service_id: int, reason: str
) -> Referral:
    referral = referral_get_for_user(user, referral_id, also=REFERRAL_RELATED)
    _require(user, "route")
    if not reason.strip():
        raise DomainError("Say why the referral is routed by hand.")
    if not Organisation.objects.filter(pk=provider_id, provides_support=True).exists():
        raise DomainError("Choose a provider that delivers support.")
    if not Service.objects.filter(pk=service_id).exists():
        raise DomainError("Choose a service.")
    referral.routing_explanation = f"Routed by hand: {reason}"[:300]
    _send_to_provider(referral, user=user, provider_id=provider_id, service_id=service_id, rule_id=None, reason=reason)
    referral_list_at_marac(referral, user=user, assessment=referral.assessments.first())
    return referral


@transaction.atomic
def referral_accept(*, user: User, referral_id: int, worker_id: int | None = None, reason: str = "") -> Referral:
    """The provider takes the case on, allocating it to a named worker (by default the one accepting)."""
    referral = referral_get_for_user(user, referral_id, also=REFERRAL_RELATED)
    _require(user, "accept")
    if not may_act_for_provider(user, referral):
        raise NotPermitted("Only the provider the referral was routed to can do this.")
    worker = user if worker_id is None else User.objects.filter(pk=worker_id).first()
    if (
        worker is None
        or not worker.is_active
        or worker.organisation_id != referral.provider_id
        or worker.role not in (Role.PROVIDER_WORKER, Role.PROVIDER_MANAGER)
    ):
        raise DomainError("Allocate the case to a worker of the provider it was routed to.")
    referral.allocated_worker = worker
    note = f"Allocated to {worker}" + (f". {reason}" if reason else "")
    apply_move(referral, move="accept", user=user, reason=note)
    return referral


@transaction.atomic
def referral_decline(*, user: User, referral_id: int, reason: str) -> Referral:
    """The provider sends the referral back to triage, with the reason shown in the queue."""
    referral = referral_get_for_user(user, referral_id, also=REFERRAL_RELATED)
    _require(user, "decline")
    if not may_act_for_provider(user, referral):
        raise NotPermitted("Only the provider the referral was routed to can do this.")
    if not reason.strip():
        raise DomainError("Say why the referral is declined: the triage team will see it.")
    provider_name = referral.provider.name if referral.provider else "The provider"
    referral.last_decline_reason = f"{provider_name}: {reason.strip()}"
    referral.provider = None
    referral.service = None
    referral.routing_rule = None
    apply_move(referral, move="decline", user=user, reason=referral.last_decline_reason)
    return referral


@transaction.atomic
def referral_start_support(*, user: User, referral_id: int, reason: str = "") -> Referral:
    referral = referral_get_for_user(user, referral_id, also=REFERRAL_RELATED)
    _require(user, "start_support")
    if not may_act_for_provider(user, referral):
        raise NotPermitted("Only the provider the referral was routed to can do this.")
    apply_move(referral, move="start_support", user=user, reason=reason)
    return referral


@transaction.atomic
def referral_close(*, user: User, referral_id: int, reason: str) -> Referral:
    referral = referral_get_for_user(user, referral_id, also=REFERRAL_RELATED)
    _require(user, "close")
    if not reason.strip():
        raise DomainError("Say why the case is closed.")
    apply_move(referral, move="close", user=user, reason=reason)
    triage_news.send(
        sender=Referral,
        referral=referral,
        user=user,
        news=TriageNews.CLOSED,
        text=f"Triage closed the referral: {reason.strip()}",
    )
    return referral


@transaction.atomic
def referral_withdraw(*, user: User, referral_id: int, reason: str) -> Referral:
    referral = referral_get_for_user(user, referral_id, also=REFERRAL_RELATED)
    _require(user, "withdraw")
    if not reason.strip():
        raise DomainError("Say why the referral is withdrawn.")
    apply_move(referral, move="withdraw", user=user, reason=reason)  # marac tells its coordinators (the event)
    return referral


@transaction.atomic
def referral_mark_duplicate(*, user: User, referral_id: int, duplicate_of_id: int, reason: str = "") -> Referral:
    """Merge into an earlier referral of the same person: this one stops, the earlier one goes on."""
    referral = referral_get_for_user(user, referral_id, also=REFERRAL_RELATED)
    _require(user, "mark_duplicate")
    try:
        original = referral_get_for_user(user, duplicate_of_id)
    except Http404:
        raise DomainError(f"There is no referral {duplicate_of_id} to merge into.") from None
    if original.pk == referral.pk:
        raise DomainError("A referral cannot be a duplicate of itself.")
    if original.state == State.DUPLICATE:
        raise DomainError(f"{original.reference} is itself a duplicate: merge into {original.duplicate_of} instead.")
    referral.duplicate_of = original
    apply_move(referral, move="mark_duplicate", user=user, reason=reason or f"Duplicate of {original.reference}")
    return referral
