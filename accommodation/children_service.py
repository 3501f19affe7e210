"""The children's service (SASS): refer a child in their own right, start the work (the 12-week clock starts),
set goals with the child, log sessions, score the goals at review and at the end, or close with a reason;
and the sweep that reminds the worker. Pages, the API and the beat task call these."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_fsm import ConcurrentTransition, can_proceed

from accommodation.children_service_clock import child_clock, child_reminders_due
from accommodation.children_service_models import (
    OPEN_CHILD_CASE_STATES,
    WORKING_STATES,
    ChildCase,
    ChildCaseReminder,
    ChildCaseState,
    ChildCaseStep,
    ChildGoal,
    ChildGoalScore,
    ChildReferralSource,
    ChildReminderKind,
    ChildSession,
    SafeAccommodationKind,
    ScoredAt,
    SessionKind,
)
from accommodation.children_service_policies import (
    may_refer_child,
    may_withdraw_child_case,
    may_work_child_case,
)
from accommodation.children_service_selectors import child_case_get_for_user
from accounts.models import User
from kidas.errors import DomainError, NotPermitted, TransitionConflict
from providers.models import Organisation
from providers.reference_data import CHILDRENS_SERVICE
from referrals.models import ReferralChild
from referrals.selectors import referral_get_for_user
from sla.services import reminder_deliver, reminders_send_each

CLOSING_MOVES = {"decline": "declined", "withdraw": "withdrawn", "close_early": "closed early"}


def childrens_service_provider() -> Organisation:
    """The children's service's provider of the reference data (Project Salus)."""
    provider = Organisation.objects.filter(slug=CHILDRENS_SERVICE[0]).first()
    if provider is None:
        raise DomainError("The children's service provider is not set up: load the reference data.")
    return provider


@transaction.atomic
def child_case_refer(
    *,
    user: User,
    referral_id: int,
    child_id: int,
    source: str,
    reason: str,
    accommodation_kind: str = "",
    referrer_name: str = "",
    referrer_agency: str = "",
) -> ChildCase:
    """Refer a child on the survivor's case to the children's service: from a safe-accommodation case (its
    kind), or by a professional (named, with their agency)."""
    referral = referral_get_for_user(user, referral_id)
    if not may_refer_child(user, referral):
        raise NotPermitted("Only triage or the case's own provider can refer a child to the children's service.")
    if not ReferralChild.objects.filter(referral=referral, person_id=child_id).exists():
        raise ValidationError({"child": "Choose one of the children on this case."})
    errors = {}
    if source not in ChildReferralSource.values:
        errors["source"] = "Say who refers the child."
    if source == ChildReferralSource.SAFE_ACCOMMODATION and accommodation_kind not in SafeAccommodationKind.values:
        errors["accommodation_kind"] = "Say which kind of safe accommodation the child lives in."
    if source == ChildReferralSource.PROFESSIONAL:
        if not referrer_name.strip():
            errors["referrer_name"] = "Give the referring professional's name."
        if not referrer_agency.strip():
            errors["referrer_agency"] = "Give the referring professional's agency."
    if not reason.strip():
        errors["reason"] = "Say why the child is referred."
    if errors:
        raise ValidationError(errors)
    provider = childrens_service_provider()
    if ChildCase.objects.filter(child_id=child_id, provider=provider, state__in=OPEN_CHILD_CASE_STATES).exists():
        raise TransitionConflict("This child already has an open case with the children's service.")
    try:
        with transaction.atomic():  # two referrals of the same child at the same moment: one wins
            case = ChildCase.objects.create(
                child_id=child_id,
                referral=referral,
                provider=provider,
                source=source,
                accommodation_kind=accommodation_kind if source == ChildReferralSource.SAFE_ACCOMMODATION else "",
                referrer_name=referrer_name.strip() if source == ChildReferralSource.PROFESSIONAL else "",
                referrer_agency=referrer_agency.strip() if source == ChildReferralSource.PROFESSIONAL else "",
                reason=reason.strip(),
                referred_by=user,
            )
    except IntegrityError:
        raise TransitionConflict("This child already has an open case with the children's service.") from None
    ChildCaseStep.objects.create(case=case, move="refer", to_state=case.state, by=user, reason=case.reason)
    return case


def _locked(user: User, case_id: int) -> ChildCase:
    """The case, in scope (404), locked for the change."""
    child_case_get_for_user(user, case_id)
    return ChildCase.objects.select_for_update(of=("self",)).select_related("referral").get(pk=case_id)


def _move(case: ChildCase, move: str, *, user: User, reason: str = "") -> ChildCase:
    """Call the transition, save with the concurrency check, and write who, when and why."""
    transition_method = getattr(case, move)
    if not can_proceed(transition_method):
        raise TransitionConflict(f"Not possible now: this child's case is {case.get_state_display().lower()}.")
    from_state = case.state
    transition_method()
    try:
        case.save()
    except ConcurrentTransition:
        raise TransitionConflict("Someone else changed this case at the same moment. Reload the page.") from None
    ChildCaseStep.objects.create(
        case=case, move=move, from_state=from_state, to_state=case.state, by=user, reason=reason
    )
    return case


def _may_work(user: User, case: ChildCase) -> None:
    if not may_work_child_case(user, case):
        raise NotPermitted(f"Only {case.provider} can work on this child's case.")


def _not_in_future(day: date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: "The date cannot be in the future."})


@transaction.atomic
def child_case_start(*, user: User, case_id: int, started_on: date, worker_id: int | None = None) -> ChildCase:
    """The work with the child starts: the worker holds the case and the 12-week clock runs from this day."""
    case = _locked(user, case_id)
    _may_work(user, case)
    worker = user
    if worker_id is not None and worker_id != user.pk:
        found = User.objects.filter(pk=worker_id, organisation_id=case.provider_id, is_active=True).first()
        if found is None:
            raise ValidationError({"worker": f"Choose a worker of {case.provider}."})
        worker = found
    _not_in_future(started_on, "started_on")
    if started_on < timezone.localtime(case.referred_at).date():
        raise ValidationError({"started_on": "The work cannot start before the child was referred."})
    case.worker = worker
    case.started_on = started_on
    case.remind_at, case.due_at = child_clock(started_on, timezone.get_current_timezone())
    case.next_reminder_at = case.remind_at
    return _move(case, "start", user=user)


LEVEL_FIELDS = ("level_minus_2", "level_minus_1", "level_0", "level_plus_1", "level_plus_2")


@transaction.atomic
def child_goal_set(
    *, user: User, case_id: int, title: str, levels: Mapping[int, str], baseline: int, weight: int | None = None
) -> ChildGoal:
    """A goal set with the child at the start: the five levels described (−2 … +2), the level the child
    starts at, and an optional weight."""
    case = _locked(user, case_id)
    _may_work(user, case)
    if case.state not in (ChildCaseState.REFERRED, ChildCaseState.STARTED):
        raise TransitionConflict("Goals are set at the start, before the review.")
    errors = {}
    if not title.strip():
        errors["title"] = "Describe the goal."
    texts = {field: (levels.get(level) or "").strip() for level, field in zip(range(-2, 3), LEVEL_FIELDS, strict=True)}
    for field, text in texts.items():
        if not text:
            errors[field] = "Describe every level of the goal, from −2 to +2."
    if baseline not in range(-2, 3):
        errors["baseline"] = "Choose the level the child starts at."
    if weight is not None and weight < 1:
        errors["weight"] = "A weight is a whole number, 1 or more (or leave it empty)."
    if errors:
        raise ValidationError(errors)
    return ChildGoal.objects.create(
        case=case, title=title.strip(), baseline=baseline, weight=weight, set_by=user, **texts
    )


@transaction.atomic
def child_session_log(*, user: User, case_id: int, kind: str, held_on: date, notes: str = "") -> ChildSession:
    case = _locked(user, case_id)
    _may_work(user, case)
    if case.state not in WORKING_STATES:
        raise TransitionConflict("Sessions are logged while the work with the child is under way.")
    if kind not in SessionKind.values:
        raise ValidationError({"kind": "Choose the kind of session."})
    _not_in_future(held_on, "held_on")
    if case.started_on and held_on < case.started_on:
        raise ValidationError({"held_on": "The session cannot be before the work started."})
    return ChildSession.objects.create(case=case, kind=kind, held_on=held_on, worker=user, notes=notes.strip())


def _score(case: ChildCase, *, user: User, at: str, on: date, scores: Mapping[int, int]) -> None:
    goals = list(case.goals.all())
    if not goals:
        raise DomainError("Set at least one goal with the child before scoring.")
    missing = [goal.title for goal in goals if goal.pk not in scores]
    if missing or set(scores) - {goal.pk for goal in goals}:
        raise ValidationError({"scores": f"Score every goal of this case ({', '.join(missing) or 'no others'})."})
    if any(level not in range(-2, 3) for level in scores.values()):
        raise ValidationError({"scores": "Each goal scores from −2 to +2."})
    _not_in_future(on, "scored_on")
    if case.started_on and on < case.started_on:
        raise ValidationError({"scored_on": "The scores cannot be before the work started."})
    ChildGoalScore.objects.bulk_create(
        [ChildGoalScore(goal=goal, at=at, level=scores[goal.pk], scored_on=on, scored_by=user) for goal in goals]
    )


@transaction.atomic
def child_case_review(*, user: User, case_id: int, scored_on: date, scores: Mapping[int, int]) -> ChildCase:
    """Score every goal at the review."""
    case = _locked(user, case_id)
    _may_work(user, case)
    if not can_proceed(case.review):
        raise TransitionConflict(f"Not possible now: this child's case is {case.get_state_display().lower()}.")
    _score(case, user=user, at=ScoredAt.REVIEW, on=scored_on, scores=scores)
    case.reviewed_on = scored_on
    return _move(case, "review", user=user)


@transaction.atomic
def child_case_complete(*, user: User, case_id: int, ended_on: date, scores: Mapping[int, int]) -> ChildCase:
    """Score every goal at the end; the work is completed and the clock stops."""
    case = _locked(user, case_id)
    _may_work(user, case)
    if not can_proceed(case.complete):
        raise TransitionConflict(f"Not possible now: this child's case is {case.get_state_display().lower()}.")
    _score(case, user=user, at=ScoredAt.END, on=ended_on, scores=scores)
    case.ended_on = ended_on
    case.next_reminder_at = None
    return _move(case, "complete", user=user)


@transaction.atomic
def child_case_close(*, user: User, case_id: int, move: str, reason: str) -> ChildCase:
    """Declined (by the service or the family) or withdrawn before it started, or closed early: with why."""
    case = _locked(user, case_id)
    if move not in CLOSING_MOVES:
        raise DomainError("Choose declined, withdrawn or closed early.")
    if move == "withdraw":
        if not may_withdraw_child_case(user, case, case.referral):
            raise NotPermitted("Only whoever may refer the child, or the children's service, can withdraw it.")
    else:
        _may_work(user, case)
    if not reason.strip():
        raise ValidationError({"reason": f"Say why the case is {CLOSING_MOVES[move]}."})
    case.closed_reason = reason.strip()
    case.next_reminder_at = None
    if move == "close_early":
        case.ended_on = timezone.localdate()
    return _move(case, move, user=user, reason=reason.strip())


# ---------------------------------------------------------------- the 12-week clock's sweep


def child_reminders_create_due(*, now: datetime | None = None, batch: int = 500) -> int:
    """Write the reminders that became due (one per case, kind and worker) and move each case's next look.
    Safe to run twice at once: cases are taken with SKIP LOCKED and the unique rule drops any double."""
    now = now or timezone.now()
    handled = 0
    while True:
        with transaction.atomic():
            cases = list(
                ChildCase.objects.select_for_update(skip_locked=True)
                .filter(next_reminder_at__lte=now, state__in=WORKING_STATES)
                .order_by("next_reminder_at")[:batch]
            )
            reminders = []
            for case in cases:
                assert case.remind_at is not None and case.due_at is not None  # noqa: S101 (set when started)
                kinds, case.next_reminder_at = child_reminders_due(
                    now=now, remind_at=case.remind_at, due_at=case.due_at
                )
                if case.worker_id is not None:
                    reminders += [ChildCaseReminder(case=case, kind=k, recipient_id=case.worker_id) for k in kinds]
                case.save(update_fields=["next_reminder_at"])
            ChildCaseReminder.objects.bulk_create(reminders, ignore_conflicts=True)
            handled += len(cases)
        if len(cases) < batch:
            return handled


def _message(reminder: ChildCaseReminder) -> tuple[str, str]:
    case = reminder.case
    due = timezone.localtime(case.due_at).strftime("%-d %b %Y") if case.due_at else ""
    label = ChildReminderKind(reminder.kind).label
    link = reverse("accommodation:sass-case", args=[case.pk])
    return f"Children's service: {label.lower()} for case {case.pk}, 12 weeks on {due}", link


def child_reminder_send_next(*, skip: Iterable[int] = ()) -> ChildCaseReminder | None:
    """Claim one unsent reminder (SKIP LOCKED), notify in the app and by email, mark it sent: one transaction.
    A reminder about a case already ended is marked sent and says nothing. An email that fails rolls back."""
    with transaction.atomic():
        reminder = (
            ChildCaseReminder.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(sent_at__isnull=True)
            .exclude(pk__in=list(skip))
            .select_related("case", "recipient")
            .order_by("id")
            .first()
        )
        if reminder is None:
            return None
        reminder.sent_at = timezone.now()
        reminder.save(update_fields=["sent_at"])
        if reminder.case.state not in WORKING_STATES:
            return reminder
        text, link = _message(reminder)
        reminder_deliver(
            reminder_id=reminder.pk,
            recipient=reminder.recipient,
            text=text,
            link=link,
            subject="KIDAS Triage: children's service reminder",
        )
        return reminder


def child_reminders_send(*, limit: int = 10_000) -> int:
    """Send every unsent reminder; one that fails does not hold up the others."""
    return reminders_send_each(lambda failed: child_reminder_send_next(skip=failed), limit=limit)


def child_sweep(*, now: datetime | None = None) -> tuple[int, int]:
    """The beat's task: write the reminders that became due, then send every unsent one."""
    return child_reminders_create_due(now=now), child_reminders_send()
