"""Writes to a provider's case. Each checks the case is in the user's scope and belongs to their
provider, then records what was done and by whom. State changes go through referrals.services.apply_move."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from casework.contact import Outcome, SafeContact, contact_refusal
from casework.models import (
    OUTCOME_MEASURES,
    CaseNote,
    Closure,
    ClosureReason,
    ContactAttempt,
    OutcomeAnswer,
    RefugePlace,
    SafetyPlan,
    SupportEpisode,
    Transfer,
)
from casework.safe_times import outside_safe_times
from casework.step_down import (
    is_step_down,
    level_label,
    no_other_manager,
    step_down_request,
    step_down_withdraw_pending,
)
from kidas.errors import DomainError, NotPermitted, TransitionConflict
from marac.models import NoticeKind
from marac.services import marac_coordinators_tell
from providers.models import Organisation, Service
from providers.routing import Outcome as RoutingOutcome
from referrals.models import Referral, RiskAssessment
from referrals.policies import may_work_case
from referrals.restricted import CODE_WORD_MASK, contains_code_word
from referrals.risk import LEVEL_ORDER, RiskLevel
from referrals.selectors import referral_get_for_user
from referrals.services import (
    AssessmentInput,
    apply_move,
    assessment_record,
    ensure_move_allowed,
    referral_list_at_marac,
    referral_send_to_provider,
    routing_decision,
)
from referrals.states import OPEN_CASE_STATES, State
from sla.services import clock_stop, safety_review_clock_start
from sla.stages import Stage

REFUGE_SERVICES = ("refuge", "male-refuge")


def case_for_worker(user: User, referral_id: int) -> Referral:
    """A case the user may work on: in scope (else 404), with their provider, and open (else 409)."""
    referral = referral_get_for_user(user, referral_id, also=("provider",))
    if not may_work_case(user, referral):
        raise NotPermitted("Only the provider supporting this person can work on the case.")
    return referral


def _require_open(referral: Referral) -> None:
    if referral.state not in OPEN_CASE_STATES:
        raise TransitionConflict(
            f"{referral.reference} is {referral.get_state_display().lower()}: accept it first, or it is already closed."
        )


def safe_contact_of(referral: Referral) -> SafeContact:
    return SafeContact(
        safe_phone=referral.safe_phone,
        safe_email=referral.safe_email,
        voicemail_allowed=referral.voicemail_allowed,
        perpetrator_has_phone_access=referral.perpetrator_has_phone_access,
    )


# Where the page and the API ask the worker to confirm that free text may name the code word.
CONFIRM_CODE_WORD = "confirm_code_word"
CODE_WORD_WARNING = (
    "This names the person's code word. Anyone who may not see their safe-contact details will see "
    f'"{CODE_WORD_MASK}" instead. Remove it, or confirm that it should be recorded.'
)


def _code_word_errors(referral: Referral, *texts: str, confirmed: bool) -> dict[str, str]:
    """The code word is restricted: free text that names it is saved only once the worker confirms it."""
    if not confirmed and any(contains_code_word(text, referral) for text in texts):
        return {CONFIRM_CODE_WORD: CODE_WORD_WARNING}
    return {}


def contact_timing_refusal(referral: Referral, when: datetime, now: datetime) -> str | None:
    """Why an attempt cannot have happened at `when` (pure)."""
    if when > now:
        return "A contact attempt cannot be in the future."
    if when < referral.received_at:
        received = timezone.localtime(referral.received_at)
        return f"A contact attempt cannot be before the referral was received ({received:%-d %B %Y %H:%M})."
    return None


@transaction.atomic
def contact_attempt_log(
    *,
    user: User,
    referral_id: int,
    method: str,
    outcome: str,
    attempted_at: datetime | None = None,
    notes: str = "",
    outside_safe_times_reason: str = "",
    confirm_code_word: bool = False,
) -> ContactAttempt:
    """Record an attempt to reach the person. An attempt by a method the referral marks unsafe, or timed
    in the future or before the referral arrived, is refused; one outside the recorded safe times needs a
    reason, which is kept with the attempt."""
    referral = case_for_worker(user, referral_id)
    _require_open(referral)
    refusal = contact_refusal(method, outcome, safe_contact_of(referral))
    if refusal:
        raise DomainError(refusal)
    now = timezone.now()
    when = attempted_at or now
    refusal = contact_timing_refusal(referral, when, now)
    if refusal:
        raise DomainError(refusal)
    outside = outside_safe_times(referral.safe_times, timezone.localtime(when))
    reason = outside_safe_times_reason.strip() if outside else ""
    errors = _code_word_errors(referral, notes, reason, confirmed=confirm_code_word)
    if outside and not reason:
        errors["outside_safe_times_reason"] = outside
    if errors:
        raise ValidationError(errors)
    attempt = ContactAttempt.objects.create(
        referral=referral,
        method=method,
        outcome=outcome,
        attempted_at=when,
        notes=notes,
        outside_safe_times_reason=reason,
        by=user,
    )
    # The first attempt, answered or not, meets the "accepted → first contact attempt" service level.
    clock_stop(referral_id=referral.pk, stage=Stage.FIRST_CONTACT, at=when, user=user)
    return attempt


@transaction.atomic
def case_note_add(*, user: User, referral_id: int, text: str, confirm_code_word: bool = False) -> CaseNote:
    referral = case_for_worker(user, referral_id)
    if not text.strip():
        raise DomainError("Write the note.")
    errors = _code_word_errors(referral, text, confirmed=confirm_code_word)
    if errors:
        raise ValidationError(errors)
    return CaseNote.objects.create(referral=referral, text=text.strip(), by=user)


@transaction.atomic
def support_start(
    *, user: User, referral_id: int, service_id: int, started_on: date, refuge_place_id: int | None = None
) -> SupportEpisode:
    """Start a service. A refuge needs a place of the provider's own refuges that is free from that night."""
    referral = case_for_worker(user, referral_id)
    _require_open(referral)
    service = Service.objects.filter(pk=service_id).first()
    if service is None:
        raise DomainError("Choose a service.")
    if started_on > timezone.localdate():
        raise DomainError("Support cannot start in the future: record it on the day it starts.")
    received_on = timezone.localdate(referral.received_at)
    if started_on < received_on:
        raise DomainError(f"Support cannot start before the referral was received ({received_on:%-d %B %Y}).")
    place = None
    if service.slug in REFUGE_SERVICES:
        if refuge_place_id is None:
            raise DomainError("Choose a place in one of your refuges.")
        place = (
            RefugePlace.objects.select_related("refuge")
            .filter(pk=refuge_place_id, refuge__provider_id=referral.provider_id, in_use=True)
            .first()
        )
        if place is None:
            raise DomainError("Choose a place in one of your refuges.")
    elif refuge_place_id:
        raise DomainError("Only a refuge service has a refuge place.")
    if referral.support_episodes.filter(service=service, ended_on__isnull=True).exists():
        raise DomainError(f"{service.name} is already running for this case.")
    try:
        with transaction.atomic():
            episode = SupportEpisode.objects.create(
                referral=referral, service=service, started_on=started_on, refuge_place=place, started_by=user
            )
    except IntegrityError:
        raise DomainError(f"{place} is already occupied on {started_on:%-d %B %Y}.") from None
    if referral.state == State.ACCEPTED:
        apply_move(referral, move="start_support", user=user, reason=f"Started {service.name}")
    return episode


@transaction.atomic
def support_end(*, user: User, episode_id: int, ended_on: date) -> SupportEpisode:
    episode = SupportEpisode.objects.select_related("service").filter(pk=episode_id).first()
    if episode is None:
        raise DomainError("No such service.")
    case_for_worker(user, episode.referral_id)
    if episode.ended_on is not None:
        raise DomainError(f"{episode.service.name} has already ended.")
    if ended_on < episode.started_on:
        raise DomainError("A service cannot end before it started.")
    if ended_on > timezone.localdate():
        raise DomainError("Record the end of a service on or after the day it ends.")
    episode.ended_on = ended_on
    episode.ended_by = user
    episode.save(update_fields=["ended_on", "ended_by"])
    return episode


@transaction.atomic
def safety_plan_record(
    *, user: User, referral_id: int, summary: str, review_on: date, confirm_code_word: bool = False
) -> SafetyPlan:
    referral = case_for_worker(user, referral_id)
    _require_open(referral)
    if not summary.strip():
        raise DomainError("Write the safety plan.")
    if review_on <= timezone.localdate():
        raise DomainError("The review date must be in the future.")
    errors = _code_word_errors(referral, summary, confirmed=confirm_code_word)
    if errors:
        raise ValidationError(errors)
    plan = SafetyPlan.objects.create(referral=referral, summary=summary.strip(), review_on=review_on, by=user)
    safety_review_clock_start(referral=referral, review_on=review_on, user=user)
    return plan


@transaction.atomic
def case_reassess(
    *, user: User, referral_id: int, given: AssessmentInput, step_down_reason: str = ""
) -> tuple[RiskAssessment, str]:
    """Reassess with the same checklist. Stepping up takes effect at once: it moves the case when the rules
    name another provider (and lists it at MARAC when high). Stepping down lowers protection, so it needs a
    reason and a manager's approval (casework.step_down): the case keeps its level until then. Either way
    the assessment, its answers and its flags are kept."""
    referral = case_for_worker(user, referral_id)
    _require_open(referral)
    before = referral.risk_level or RiskLevel.STANDARD
    assessment = assessment_record(referral=referral, user=user, given=given)
    if is_step_down(before, assessment.level):
        step_down_request(referral=referral, user=user, assessment=assessment, before=before, reason=step_down_reason)
        outcome = (
            f"Step-down to {level_label(assessment.level)} sent to your manager for approval; "
            f"the case stays {level_label(before)} risk until approved."
        )
        if no_other_manager(referral, user):
            outcome += f" No other manager of {referral.provider} can approve it yet: the administrators are told."
        return assessment, outcome
    step_down_withdraw_pending(
        referral,
        user=user,
        why=f"Reassessed as {level_label(assessment.level)} risk on {timezone.localtime():%-d %B %Y %H:%M}",
    )
    referral.risk_level = assessment.level
    referral.save(update_fields=["risk_level"])
    stepped = LEVEL_ORDER[RiskLevel(assessment.level)] - LEVEL_ORDER[RiskLevel(before)]
    decision = routing_decision(referral, on_date=timezone.localdate())
    rule = decision.rule if decision.outcome is RoutingOutcome.PROVIDER else None
    if stepped > 0 and rule is not None and rule.provider_id != referral.provider_id:
        from_provider = referral.provider
        if from_provider is None:  # a case routed by a provider rule has a provider
            raise DomainError("The case is not with a provider.")
        reason = f"Stepped up from {before} to {assessment.level} risk: the rules route it to another provider."
        referral_send_to_provider(
            referral,
            user=user,
            provider_id=rule.provider_id,
            service_id=rule.service_id,
            rule_id=rule.id,
            reason=reason,
        )
        Transfer.objects.create(
            referral=referral,
            from_provider=from_provider,
            to_provider_id=rule.provider_id,
            kind=Transfer.Kind.STEP_UP,
            reason=reason,
            by=user,
        )
        _end_open_support(referral, user=user)
        outcome = f"Risk is now {assessment.level}: the case moves to {referral.provider}."
    elif stepped > 0 and rule is not None:
        referral.service_id = rule.service_id
        referral.save(update_fields=["service"])
        outcome = f"Risk is now {assessment.level}: the case stays with {referral.provider}."
    elif stepped > 0:
        outcome = f"Risk is now {assessment.level}."
    else:
        outcome = f"Reassessed: risk stays {assessment.level}."
    if stepped > 0:
        referral_list_at_marac(referral, user=user, assessment=assessment)
    return assessment, outcome


def step_down_suggestion(referral: Referral) -> str:
    """After an approved step-down the case stays with its provider; say where the rules would send it."""
    decision = routing_decision(referral, on_date=timezone.localdate())
    rule = decision.rule if decision.outcome is RoutingOutcome.PROVIDER else None
    if rule is not None and rule.provider_id != referral.provider_id:
        suggested = Organisation.objects.get(pk=rule.provider_id)
        return (
            f"The rules would route a new referral to {suggested}; transfer the case if that is right for the client."
        )
    return ""


def _end_open_support(referral: Referral, *, user: User) -> None:
    today = timezone.localdate()
    for episode in referral.support_episodes.filter(ended_on__isnull=True):
        episode.ended_on = max(today, episode.started_on)
        episode.ended_by = user
        episode.save(update_fields=["ended_on", "ended_by"])


@transaction.atomic
def case_transfer(*, user: User, referral_id: int, provider_id: int, service_id: int, reason: str) -> Referral:
    referral = case_for_worker(user, referral_id)
    ensure_move_allowed(referral, "transfer")
    if not reason.strip():
        raise DomainError("Say why the case is transferred.")
    if provider_id == referral.provider_id:
        raise DomainError("The case is already with this provider.")
    to_provider = Organisation.objects.filter(pk=provider_id, provides_support=True).first()
    if to_provider is None or not Service.objects.filter(pk=service_id).exists():
        raise DomainError("Choose a provider that delivers support, and a service.")
    from_provider = referral.provider
    if from_provider is None:
        raise DomainError("The case is not with a provider.")
    step_down_withdraw_pending(referral, user=user, why=f"Case transferred to {to_provider}")
    referral_send_to_provider(
        referral,
        user=user,
        provider_id=provider_id,
        service_id=service_id,
        rule_id=None,
        reason=f"Transferred to {to_provider}: {reason.strip()}",
    )
    Transfer.objects.create(
        referral=referral,
        from_provider=from_provider,
        to_provider=to_provider,
        kind=Transfer.Kind.MANUAL,
        reason=reason.strip(),
        by=user,
    )
    _end_open_support(referral, user=user)
    # Who speaks for the person at MARAC changes: the coordinators of a MARAC that holds the case are told.
    marac_coordinators_tell(
        referral=referral,
        user=user,
        kind=NoticeKind.TRANSFER,
        text=f"{from_provider} transferred the case to {to_provider}: {reason.strip()}",
    )
    return referral


def closure_errors(*, reason: str, outcomes: Mapping[str, str], notes: str, unanswered_attempts: int) -> dict[str, str]:
    """Why a closure cannot be recorded as given (pure)."""
    errors: dict[str, str] = {}
    if reason not in ClosureReason.values:
        errors["reason"] = "Choose why the case is closed"
    missing = [key for key in OUTCOME_MEASURES if outcomes.get(key) not in OutcomeAnswer.values]
    if missing:
        errors["outcomes"] = "Answer every outcome question: yes, no or not asked"
    unknown = set(outcomes) - set(OUTCOME_MEASURES)
    if unknown:
        errors["outcomes"] = f"Unknown outcome measures: {', '.join(sorted(unknown))}"
    if reason == ClosureReason.OTHER and not notes.strip():
        errors["notes"] = "Say why the case is closed"
    needed = settings.CLOSURE_NO_CONTACT_ATTEMPTS
    if reason == ClosureReason.NO_CONTACT and unanswered_attempts < needed:
        errors["reason"] = (
            f"Record at least {needed} unanswered contact attempts before closing for no contact "
            f"({unanswered_attempts} so far)"
        )
    return errors


@transaction.atomic
def case_close(
    *,
    user: User,
    referral_id: int,
    reason: str,
    outcomes: Mapping[str, str],
    notes: str = "",
    confirm_code_word: bool = False,
) -> Closure:
    """Close with a reason and the client's answers to the outcome measures; open services end today."""
    referral = case_for_worker(user, referral_id)
    ensure_move_allowed(referral, "close")
    unanswered = referral.contact_attempts.exclude(outcome=Outcome.SPOKE).count()
    errors = closure_errors(reason=reason, outcomes=outcomes, notes=notes, unanswered_attempts=unanswered)
    errors |= _code_word_errors(referral, notes, confirmed=confirm_code_word)
    if errors:
        raise ValidationError(errors)
    _end_open_support(referral, user=user)
    closure = Closure.objects.create(referral=referral, reason=reason, outcomes=dict(outcomes), notes=notes, by=user)
    apply_move(referral, move="close", user=user, reason=closure.get_reason_display())
    step_down_withdraw_pending(referral, user=user, why="Case closed")
    # A case waiting for or heard at MARAC is never closed without its coordinators knowing.
    marac_coordinators_tell(
        referral=referral,
        user=user,
        kind=NoticeKind.CLOSURE,
        text=(
            f"{referral.provider} closed the case at {level_label(referral.risk_level or RiskLevel.STANDARD)} "
            f"risk: {closure.get_reason_display()}" + (f". {notes.strip()}" if notes.strip() else "")
        ),
    )
    return closure
