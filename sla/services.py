"""Writes for service levels: policy, clocks, reminders and notifications.

`clocks_on_state_change` runs on every referral state change (the referral_state_changed event of
referrals/events.py, connected in sla/handlers.py); other features call `clock_start` and `clock_stop`."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from providers.models import Organisation
from referrals.models import Referral
from sla.deadlines import END_OF_BUSINESS, LONDON, START_OF_BUSINESS, add_elapsed, next_working_day, reminder_kinds
from sla.deadlines import due_at as compute_due_at
from sla.deadlines import remind_at as compute_remind_at
from sla.maracs import maracs
from sla.models import Clock, Notification, Policy, Reminder, ReminderKind
from sla.recipients import Batch, notification_link, recipients
from sla.stages import RISK_BEFORE_ASSESSMENT, Stage, clocks_to_start, clocks_to_stop

logger = logging.getLogger(__name__)

# domain.md, "Service levels (defaults)": (stage, risk) → (amount, unit).
DEFAULT_POLICY: dict[tuple[str, str], tuple[int, str]] = {
    (Stage.TRIAGE, "standard"): (1, "working_days"),
    (Stage.TRIAGE, "medium"): (1, "working_days"),
    (Stage.TRIAGE, "high"): (4, "hours"),
    (Stage.PROVIDER_DECISION, "standard"): (2, "working_days"),
    (Stage.PROVIDER_DECISION, "medium"): (1, "working_days"),
    (Stage.PROVIDER_DECISION, "high"): (4, "hours"),
    (Stage.FIRST_CONTACT, "standard"): (5, "working_days"),
    (Stage.FIRST_CONTACT, "medium"): (2, "working_days"),
    (Stage.FIRST_CONTACT, "high"): (24, "hours"),
    # "Next meeting, at most 14 days": the upper bound; the next scheduled meeting comes sooner.
    (Stage.MARAC_LISTING, "high"): (14 * 24, "hours"),
}


def sla_policy_load() -> int:
    """Create the default service levels that are missing; never overwrites an administrator's edit."""
    created = 0
    for (stage, risk_level), (amount, unit) in DEFAULT_POLICY.items():
        _, was_created = Policy.objects.get_or_create(
            stage=stage, risk_level=risk_level, defaults={"amount": amount, "unit": unit}
        )
        created += was_created
    return created


def _policy(stage: str, risk_level: str) -> tuple[int, str]:
    row = Policy.objects.filter(stage=stage, risk_level=risk_level).values_list("amount", "unit").first()
    if row is None:
        return DEFAULT_POLICY.get((stage, risk_level)) or DEFAULT_POLICY[(stage, "high")]
    return row


def _responsible_organisation(referral: Referral, stage: str) -> int | None:
    if stage == Stage.TRIAGE:
        return Organisation.objects.filter(kind=Organisation.Kind.TRIAGE).values_list("pk", flat=True).first()
    if stage == Stage.MARAC_LISTING:
        return None
    return referral.provider_id


def clock_start(*, referral: Referral, stage: str, at: datetime) -> Clock | None:
    """Start the stage's clock unless one is open already (the partial unique index keeps it so)."""
    if Clock.objects.filter(referral=referral, stage=stage, stopped_at__isnull=True).exists():
        return None
    risk_level = referral.risk_level or RISK_BEFORE_ASSESSMENT
    if stage == Stage.MARAC_LISTING:
        risk_level = "high"
    amount, unit = _policy(stage, risk_level)
    due = compute_due_at(start=at, amount=amount, unit=unit)
    if stage == Stage.MARAC_LISTING:
        due = _earlier(due, _next_meeting_at(referral, after=at))
    clock = Clock(
        referral=referral,
        stage=stage,
        risk_level=risk_level,
        organisation_id=_responsible_organisation(referral, stage),
        started_at=at,
    )
    _set_deadline(clock, due)
    clock.save()
    return clock


def _set_deadline(clock: Clock, due: datetime) -> None:
    clock.due_at = due
    clock.remind_at = compute_remind_at(
        start=clock.started_at, due=due, before=timedelta(hours=settings.SLA_DUE_SOON_HOURS)
    )
    clock.escalate_at = add_elapsed(due, timedelta(hours=settings.SLA_ESCALATION_GRACE_HOURS))
    clock.next_reminder_at = clock.remind_at


# ---------------------------------------------------------------- MARAC listing: the next meeting
def _earlier(longest: datetime, meeting: datetime | None) -> datetime:
    """The next meeting, unless it is after the longest allowance. Compared in UTC: two London times
    compare on the wall clock, which is ambiguous on the night the clocks go back."""
    if meeting is None:
        return longest
    return min(longest.astimezone(UTC), meeting.astimezone(UTC))


def _next_meeting_at(referral: Referral, *, after: datetime) -> datetime | None:
    """When the next scheduled meeting of the case's MARAC opens (09:00 London on its day), after `after`."""
    marac_id = maracs().marac_of(referral)
    if marac_id is None:
        return None
    for held_on in maracs().meeting_days(marac_id, after.astimezone(LONDON).date())[:2]:
        opens = datetime.combine(held_on, START_OF_BUSINESS, tzinfo=LONDON)
        if opens > after:
            return opens
    return None


def marac_listing_clocks_follow_meetings(*, marac_id: int, waiting: Q) -> int:
    """A meeting of the MARAC was scheduled (or its date changed): every case of that MARAC still
    waiting to be listed is due at the next meeting, at most the policy's 14 days after it became
    high risk. `waiting` picks the MARAC's referrals (referred to it, or in a district it covers).
    Returns the number of clocks that moved."""
    clocks = (
        Clock.objects.select_for_update(of=("self",))
        .select_related("referral")
        .filter(referral__in=Referral.objects.filter(waiting), stage=Stage.MARAC_LISTING, stopped_at__isnull=True)
    )
    moved = 0
    for clock in clocks:
        if maracs().marac_of(clock.referral) != marac_id:
            continue  # covered by this MARAC's district, but referred to another
        amount, unit = _policy(Stage.MARAC_LISTING, "high")
        longest = compute_due_at(start=clock.started_at, amount=amount, unit=unit)
        due = _earlier(longest, _next_meeting_at(clock.referral, after=clock.started_at))
        if due != clock.due_at:
            _set_deadline(clock, due)
            clock.save(update_fields=["due_at", "remind_at", "escalate_at", "next_reminder_at"])
            moved += 1
    return moved


# ---------------------------------------------------------------- clocks on a date: MARAC actions, safety plans
def _dated_clock(*, referral: Referral, stage: str, on: date, at: datetime, **fields: object) -> Clock:
    """A clock due on a date: reminded at the start of that working day (at once if started later),
    due at its close, escalated at the start of the next working day."""
    due = datetime.combine(on, END_OF_BUSINESS, tzinfo=LONDON)
    remind = max(at, datetime.combine(on, START_OF_BUSINESS, tzinfo=LONDON))
    escalate = datetime.combine(next_working_day(on), START_OF_BUSINESS, tzinfo=LONDON)
    return Clock.objects.create(
        referral=referral,
        stage=stage,
        risk_level=referral.risk_level or "high",
        started_at=at,
        due_at=due,
        remind_at=remind,
        escalate_at=escalate,
        next_reminder_at=remind,
        **fields,
    )


def marac_action_clock_start(
    *, action_id: int, referral: Referral, due_on: date, owner_id: int, at: datetime | None = None
) -> Clock:
    """An action agreed at a MARAC runs a clock to its due date: it reminds the owning agency and
    the coordinators (sla.recipients), swept like every other clock."""
    return _dated_clock(
        referral=referral,
        stage=Stage.MARAC_ACTION,
        on=due_on,
        at=at or timezone.now(),
        organisation_id=owner_id,
        marac_action_id=action_id,
    )


def marac_action_clock_stop(*, action_id: int, user: User | None, at: datetime | None = None) -> Clock | None:
    clocks = Clock.objects.select_for_update().filter(marac_action_id=action_id, stopped_at__isnull=True)
    stopped = _stop(clocks, at=at or timezone.now(), user=user)
    return stopped[0] if stopped else None


def safety_review_clock_start(*, referral: Referral, review_on: date, user: User | None) -> Clock:
    """A new safety plan is the review of the last one (its clock stops) and starts the clock to its own review."""
    now = timezone.now()
    clock_stop(referral_id=referral.pk, stage=Stage.SAFETY_REVIEW, at=now, user=user)
    return _dated_clock(
        referral=referral, stage=Stage.SAFETY_REVIEW, on=review_on, at=now, organisation_id=referral.provider_id
    )


def _stop(clocks: Iterable[Clock], *, at: datetime, user: User | None) -> list[Clock]:
    stopped = []
    for clock in clocks:
        clock.stopped_at = at
        clock.stopped_by = user
        clock.met = at <= clock.due_at
        clock.next_reminder_at = None
        clock.save(update_fields=["stopped_at", "stopped_by", "met", "next_reminder_at"])
        stopped.append(clock)
    return stopped


def clock_stop(*, referral_id: int, stage: str, at: datetime | None = None, user: User | None = None) -> Clock | None:
    """Stop the referral's open clock for `stage` (e.g. the first contact attempt was made, or the
    referral was listed at MARAC). Returns the stopped clock, or None when none was running."""
    clocks = Clock.objects.select_for_update().filter(
        referral_id=referral_id, stage=stage, stopped_at__isnull=True, marac_action__isnull=True
    )
    stopped = _stop(clocks, at=at or timezone.now(), user=user)
    return stopped[0] if stopped else None


def clocks_on_state_change(
    *, referral: Referral, from_state: str, to_state: str, at: datetime, user: User | None = None
) -> None:
    """Stop the clocks the new state ends, and start those it begins (stages.py holds the table)."""
    to_stop = clocks_to_stop(to_state)
    if to_stop:
        open_clocks = Clock.objects.select_for_update().filter(
            referral=referral, stage__in=to_stop, stopped_at__isnull=True
        )
        _stop(open_clocks, at=at, user=user)
    for stage in clocks_to_start(to_state=to_state, risk_level=referral.risk_level):
        clock_start(referral=referral, stage=stage, at=at)


# ---------------------------------------------------------------- the sweep
def _set_next_reminder(clocks: list[Clock]) -> None:
    """One UPDATE for the batch (bulk_update's CASE expression is slow to build for hundreds of rows)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE sla_clock SET next_reminder_at = batch.next_at "
            "FROM unnest(%s::bigint[], %s::timestamptz[]) AS batch(id, next_at) WHERE sla_clock.id = batch.id",
            [[c.pk for c in clocks], [c.next_reminder_at for c in clocks]],
        )


def reminders_create_due(*, now: datetime | None = None, batch: int = 500) -> int:
    """Find clocks with a reminder due through the sweep index and write one Reminder per clock,
    kind and recipient. Safe to run twice at once: clocks are taken with SKIP LOCKED, and the unique
    rule drops any double. Returns the number of clocks handled."""
    now = now or timezone.now()
    handled = 0
    while True:
        with transaction.atomic():
            clocks = list(
                Clock.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("referral", "marac_action__case")
                .filter(stopped_at__isnull=True, next_reminder_at__lte=now)
                .order_by("next_reminder_at")[:batch]
            )
            if not clocks:
                return handled
            reminders = []
            lookups = Batch(clocks)
            for clock in clocks:
                kinds, clock.next_reminder_at = reminder_kinds(
                    now=now, remind_at=clock.remind_at, due_at=clock.due_at, escalate_at=clock.escalate_at
                )
                for kind in kinds:
                    told = recipients(clock, escalated=kind == ReminderKind.ESCALATED, batch=lookups)
                    reminders += [Reminder(clock=clock, kind=kind, recipient_id=uid) for uid in told]
            Reminder.objects.bulk_create(reminders, ignore_conflicts=True)
            _set_next_reminder(clocks)
            handled += len(clocks)
        if len(clocks) < batch:
            return handled


def _message(reminder: Reminder) -> tuple[str, str]:
    clock = reminder.clock
    reference = clock.referral.reference
    due = timezone.localtime(clock.due_at).strftime("%-d %b %Y %H:%M")
    label = ReminderKind(reminder.kind).label
    return f"{label}: {reference}, {clock.get_stage_display().lower()}, due {due}", notification_link(clock)


class SendFailed(Exception):
    def __init__(self, reminder_id: int) -> None:
        super().__init__(f"Reminder {reminder_id} could not be emailed")
        self.reminder_id = reminder_id


def reminder_deliver(
    *, reminder_id: int, recipient: User, text: str, link: str, subject: str, **notification: Any
) -> None:
    """Tell one person in the app and, if they have an address, by an email that holds no personal details.
    An email that fails raises SendFailed, for the caller's transaction to roll back and the next sweep to retry.
    Used by every reminder this app and the apps above it send."""
    Notification.objects.create(user=recipient, text=text, link=link, **notification)
    if not recipient.email:
        return
    try:
        send_mail(
            subject=subject,
            message=(
                f"{text}.\n\nSign in to see it: {settings.SITE_URL}{link}\n\n"
                "This email holds no personal details by design."
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[recipient.email],
        )
    except Exception as exc:  # SMTP down or refusing: roll back, keep it for the next sweep
        logger.warning("Could not email reminder %s", reminder_id, exc_info=True)
        raise SendFailed(reminder_id) from exc


def reminders_send_each(send_next: Callable[[set[int]], object | None], *, limit: int = 10_000) -> int:
    """Send every unsent reminder through `send_next` (one claimed and sent per call, None when none is
    left); one that fails does not hold up the others and is tried again by the next sweep."""
    sent = 0
    failed: set[int] = set()
    while sent < limit:
        try:
            if send_next(failed) is None:
                return sent
        except SendFailed as exc:
            failed.add(exc.reminder_id)
            continue
        sent += 1
    return sent


def reminder_send_next(*, skip: Iterable[int] = ()) -> Reminder | None:
    """Claim one unsent reminder (SKIP LOCKED: another sender skips it), notify in the app and by
    email, and mark it sent, all in one transaction. A sender killed midway rolls back: the
    reminder stays unsent and the next sweep sends it. An email that fails rolls back too and
    raises SendFailed; the caller goes on with the others and the next sweep tries it again."""
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(sent_at__isnull=True)
            .exclude(pk__in=list(skip))
            .select_related("clock__referral", "recipient")
            .order_by("id")
            .first()
        )
        if reminder is None:
            return None
        reminder.sent_at = timezone.now()
        reminder.save(update_fields=["sent_at"])
        if reminder.clock.stopped_at is not None and reminder.kind == ReminderKind.DUE_SOON:
            return reminder  # done in time before we got to it: nothing to say
        text, link = _message(reminder)
        reminder_deliver(
            reminder_id=reminder.pk,
            recipient=reminder.recipient,
            text=text,
            link=link,
            subject=f"KIDAS Triage: {ReminderKind(reminder.kind).label.lower()}",
            reminder=reminder,
        )
        return reminder


def reminders_send(*, limit: int = 10_000) -> int:
    """Send every unsent reminder; one that fails does not hold up the others."""
    return reminders_send_each(lambda failed: reminder_send_next(skip=failed), limit=limit)


def sla_sweep(*, now: datetime | None = None) -> tuple[int, int]:
    """The beat's one task: write the reminders that became due, then send every unsent one."""
    handled = reminders_create_due(now=now)
    return handled, reminders_send()


def notification_mark_read(*, user: User, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications read (or all of them). Someone else's: nothing happens."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return unread.update(read_at=timezone.now())
