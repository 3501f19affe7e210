"""Lowering a case's risk level: asked for with a reason by the worker who reassessed, decided by a
manager of the case's provider who did not ask. Until approved, the case keeps its level.

Stepping up needs nobody's approval: it raises protection (casework.services.case_reassess)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django_fsm import ConcurrentTransition, can_proceed

from accounts.models import Role, User
from accounts.selectors import administrator_ids
from casework.models import StepDown, StepDownState
from casework.selectors import step_downs_of
from kidas.errors import DomainError, NotPermitted, TransitionConflict
from marac.models import NoticeKind
from marac.services import marac_coordinators_tell, marac_listings_of
from referrals.models import Referral, RiskAssessment
from referrals.policies import may_decide_step_down
from referrals.risk import STEP_DOWN_REASON_NEEDED, RiskLevel, lowers
from referrals.selectors import referral_get_for_user, referrals_visible_to
from referrals.states import OPEN_CASE_STATES
from sla.models import Notification


def is_step_down(before: str, after: str) -> bool:
    return lowers(before or RiskLevel.STANDARD, after)


def level_label(level: str) -> str:
    return RiskLevel(level).label.lower()


def pending_step_down(referral: Referral) -> StepDown | None:
    """The step-down waiting for a manager, from the case's step-downs as its page reads them once."""
    return next((s for s in step_downs_of(referral) if s.state == StepDownState.PENDING), None)


def step_downs_waiting_for(user: User) -> QuerySet[StepDown]:
    """Step-downs a manager may decide: pending, on cases of their organisation they can see; oldest first.
    Anyone else: none."""
    if not user.is_authenticated or user.role != Role.PROVIDER_MANAGER or not user.organisation_id:
        return StepDown.objects.none()
    return (
        StepDown.objects.filter(
            state=StepDownState.PENDING,
            referral__in=referrals_visible_to(user),
            referral__provider_id=user.organisation_id,
        )
        .select_related("referral", "requested_by", "assessment")
        .order_by("requested_at", "id")
    )


def _managers_to_tell(referral: Referral, requester: User) -> list[int]:
    if referral.provider_id is None:
        return []
    managers = User.objects.filter(
        is_active=True, role=Role.PROVIDER_MANAGER, organisation_id=referral.provider_id
    ).exclude(pk=requester.pk)
    return list(managers.values_list("pk", flat=True))


def step_down_request(
    *, referral: Referral, user: User, assessment: RiskAssessment, before: str, reason: str
) -> StepDown:
    """Ask a manager to approve a lower level. The case keeps `before` until then. A step-down already
    waiting is withdrawn first: the newer reassessment replaces it."""
    if not reason.strip():
        raise ValidationError({"step_down_reason": STEP_DOWN_REASON_NEEDED})
    step_down_withdraw_pending(
        referral, user=user, why=f"Replaced by the reassessment of {timezone.localtime():%-d %B %Y %H:%M}"
    )
    step_down = StepDown.objects.create(
        referral=referral,
        assessment=assessment,
        from_level=before,
        to_level=assessment.level,
        reason=reason.strip(),
        requested_by=user,
    )
    link = reverse("casework:step-down", args=[referral.pk])
    text = (
        f"Step-down to approve: {referral.reference}, {level_label(before)} to {level_label(assessment.level)} "
        f"risk, asked by {user}"
    )
    managers = _managers_to_tell(referral, user)
    # Nobody is left untold: with no other manager to approve, the administrators hear of it (to set one up).
    recipients = managers or administrator_ids()
    Notification.objects.bulk_create([Notification(user_id=uid, text=text[:300], link=link) for uid in recipients])
    return step_down


def no_other_manager(referral: Referral, requester: User) -> bool:
    return not _managers_to_tell(referral, requester)


def step_down_withdraw_pending(referral: Referral, *, user: User, why: str) -> StepDown | None:
    """A pending step-down no longer stands (a newer reassessment, a transfer, a closure): withdraw it, saying why."""
    step_down = StepDown.objects.select_for_update().filter(referral=referral, state=StepDownState.PENDING).first()
    if step_down is None:
        return None
    step_down.withdraw()
    step_down.decided_by, step_down.decided_at, step_down.decision_reason = user, timezone.now(), why
    step_down.save()
    return step_down


def _decidable(user: User, referral_id: int) -> tuple[Referral, StepDown]:
    """The case (out of scope: 404) and its pending step-down, if this user may decide it (else 403; none: 409)."""
    referral = referral_get_for_user(user, referral_id, also=("provider",))
    if not may_decide_step_down(user, referral):
        raise NotPermitted("Only a manager of the provider supporting this person can approve or refuse a step-down.")
    if referral.state not in OPEN_CASE_STATES:
        raise TransitionConflict(
            f"{referral.reference} is {referral.get_state_display().lower()}: it has no step-down to decide."
        )
    step_down = StepDown.objects.select_for_update().filter(referral=referral).order_by("-requested_at", "-id").first()
    if step_down is None or not can_proceed(step_down.approve):
        already = f" It was {step_down.get_state_display().lower()}." if step_down else ""
        raise TransitionConflict(
            f"No step-down of {referral.reference} is waiting for a decision.{already} Reload the page."
        )
    if step_down.requested_by_id == user.pk:
        raise NotPermitted("You asked for this step-down: another manager must approve or refuse it.")
    return referral, step_down


def _decide(step_down: StepDown, *, user: User, reason: str, move: str) -> None:
    if not reason.strip():
        raise DomainError("Say why: the worker and the case history show your reason.")
    getattr(step_down, move)()
    step_down.decided_by, step_down.decided_at, step_down.decision_reason = user, timezone.now(), reason.strip()
    try:
        step_down.save()
    except ConcurrentTransition:
        raise TransitionConflict("Someone else decided this step-down at the same moment. Reload the page.") from None
    Notification.objects.create(
        user_id=step_down.requested_by_id,
        text=(
            f"Step-down {step_down.get_state_display().lower()}: {step_down.referral.reference}, "
            f"{level_label(step_down.from_level)} to {level_label(step_down.to_level)} risk"
        )[:300],
        link=reverse("referrals:detail", args=[step_down.referral_id]),
    )


def step_down_approve(*, user: User, referral_id: int, reason: str) -> StepDown:
    """Approve: the case takes the lower level now. A case waiting for or heard at MARAC: its coordinators are told."""
    referral, step_down = _decidable(user, referral_id)
    _decide(step_down, user=user, reason=reason, move="approve")
    referral.risk_level = step_down.to_level
    referral.save(update_fields=["risk_level"])
    marac_coordinators_tell(
        referral=referral,
        user=user,
        kind=NoticeKind.STEP_DOWN,
        text=(
            f"{referral.provider} stepped the risk down from {level_label(step_down.from_level)} to "
            f"{level_label(step_down.to_level)}. Asked by {step_down.requested_by}: {step_down.reason} "
            f"Approved by {user}: {step_down.decision_reason}"
        ),
    )
    return step_down


def step_down_refuse(*, user: User, referral_id: int, reason: str) -> StepDown:
    """Refuse: the case keeps its level; the worker is told why."""
    _, step_down = _decidable(user, referral_id)
    _decide(step_down, user=user, reason=reason, move="refuse")
    return step_down


def decision_message(step_down: StepDown) -> str:
    """What the manager sees after deciding: what really happened to the case."""
    reference = step_down.referral.reference
    if step_down.state == StepDownState.APPROVED:
        told = ", ".join(sorted({case.marac.name for case in marac_listings_of(step_down.referral)}))
        return f"Step-down approved: {reference} is now {level_label(step_down.to_level)} risk." + (
            f" The coordinators of {told} have been told." if told else ""
        )
    return f"Step-down refused: {reference} stays {level_label(step_down.from_level)} risk. {step_down.requested_by} is told why."
