"""The children's service in safe accommodation (SASS, 004 §3.4–3.7): a child referred in their own right,
up to 12 weeks of work with them (sessions logged), outcomes by Goal Attainment Scaling, a 12-week clock
kept in PostgreSQL and swept by beat. Imported by accommodation.models, so Django sees these models."""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django_fsm import FSMField, transition

from accommodation.sanctuary.models import SafeAccommodationKind
from kidas.fsm import ConcurrentTransitions
from referrals.models import CaseReference


class ChildCaseState(models.TextChoices):
    REFERRED = "referred", "Referred: waiting to start"
    STARTED = "started", "Started"
    REVIEWED = "reviewed", "Reviewed"
    COMPLETED = "completed", "Completed"
    DECLINED = "declined", "Declined"
    WITHDRAWN = "withdrawn", "Withdrawn"
    CLOSED_EARLY = "closed_early", "Closed early"


OPEN_CHILD_CASE_STATES = (ChildCaseState.REFERRED, ChildCaseState.STARTED, ChildCaseState.REVIEWED)
WORKING_STATES = (ChildCaseState.STARTED, ChildCaseState.REVIEWED)


class ChildReferralSource(models.TextChoices):
    SAFE_ACCOMMODATION = "safe_accommodation", "From a safe-accommodation case"
    PROFESSIONAL = "professional", "By a professional"


class ChildCase(CaseReference, ConcurrentTransitions, models.Model):
    """A child referred to the children's service in their own right. The child is a person on the survivor's
    referral (referrals.ReferralChild); the provider is the children's service (Project Salus). The state
    changes only by its transitions (ChildCaseStep records who, when, why). The 12-week clock is this row:
    `remind_at` (week 10), `due_at` (week 12), and `next_reminder_at`, what the sweep looks for."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="child_cases")
    referral = models.ForeignKey("referrals.Referral", on_delete=models.PROTECT, related_name="child_cases")
    provider = models.ForeignKey("providers.Organisation", on_delete=models.PROTECT, related_name="child_cases")
    source = models.CharField(max_length=20, choices=ChildReferralSource.choices)
    accommodation_kind = models.CharField(max_length=20, choices=SafeAccommodationKind.choices, blank=True)
    referrer_name = models.CharField(max_length=120, blank=True)
    referrer_agency = models.CharField(max_length=120, blank=True)
    reason = models.TextField(help_text="Why the child is referred.")
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    referred_at = models.DateTimeField(auto_now_add=True)
    state = FSMField(default=ChildCaseState.REFERRED, choices=ChildCaseState.choices, protected=True)
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="child_cases"
    )
    started_on = models.DateField(null=True, blank=True)
    reviewed_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    closed_reason = models.TextField(blank=True)
    remind_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    next_reminder_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-referred_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "provider"],
                condition=Q(state__in=["referred", "started", "reviewed"]),
                name="one_open_child_case_per_child",
            ),
            models.CheckConstraint(
                condition=~Q(source="professional") | (Q(referrer_name__gt="") & Q(referrer_agency__gt="")),
                name="child_case_professional_named",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["declined", "withdrawn", "closed_early"]) | Q(closed_reason__gt=""),
                name="child_case_closed_with_a_reason",
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_reminder_at"],
                condition=Q(next_reminder_at__isnull=False),
                name="child_case_sweep",
            ),
            models.Index(fields=["provider", "state"], name="child_case_provider_state"),
        ]
        triggers = [
            pgtrigger.FSM(
                name="child_case_state_machine",
                field="state",
                transitions=[
                    (ChildCaseState.REFERRED, ChildCaseState.STARTED),
                    (ChildCaseState.REFERRED, ChildCaseState.DECLINED),
                    (ChildCaseState.REFERRED, ChildCaseState.WITHDRAWN),
                    (ChildCaseState.STARTED, ChildCaseState.REVIEWED),
                    (ChildCaseState.STARTED, ChildCaseState.COMPLETED),
                    (ChildCaseState.REVIEWED, ChildCaseState.COMPLETED),
                    (ChildCaseState.STARTED, ChildCaseState.CLOSED_EARLY),
                    (ChildCaseState.REVIEWED, ChildCaseState.CLOSED_EARLY),
                ],
            )
        ]

    def __str__(self) -> str:
        return f"Children's service case {self.pk} ({self.get_state_display()})"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_CHILD_CASE_STATES

    @transition(field=state, source=ChildCaseState.REFERRED, target=ChildCaseState.STARTED)
    def start(self) -> None: ...

    @transition(field=state, source=ChildCaseState.STARTED, target=ChildCaseState.REVIEWED)
    def review(self) -> None: ...

    @transition(field=state, source=list(WORKING_STATES), target=ChildCaseState.COMPLETED)
    def complete(self) -> None: ...

    @transition(field=state, source=ChildCaseState.REFERRED, target=ChildCaseState.DECLINED)
    def decline(self) -> None: ...

    @transition(field=state, source=ChildCaseState.REFERRED, target=ChildCaseState.WITHDRAWN)
    def withdraw(self) -> None: ...

    @transition(field=state, source=list(WORKING_STATES), target=ChildCaseState.CLOSED_EARLY)
    def close_early(self) -> None: ...


class ChildCaseStep(models.Model):
    """Who moved a child's case, when, from what to what, and why. Written with every transition."""

    case = models.ForeignKey(ChildCase, on_delete=models.CASCADE, related_name="steps")
    move = models.CharField(max_length=20)
    from_state = models.CharField(max_length=20, choices=ChildCaseState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=ChildCaseState.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_state} → {self.to_state}"


class SessionKind(models.TextChoices):
    """How the service works with a child (004 §3.6)."""

    ONE_TO_ONE = "one_to_one", "One-to-one session"
    GROUP_WORK = "group_work", "Group work"
    PEER_SUPPORT = "peer_support", "Peer support group"
    COUNSELLING = "counselling", "Counselling"
    PLAY_THERAPY = "play_therapy", "Play therapy"
    ONWARD_REFERRAL = "onward_referral", "Referral to another community or support agency"
    EXTERNAL_ACTIVITY = "external_activity", "External therapeutic activity"


class ChildSession(models.Model):
    case = models.ForeignKey(ChildCase, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(max_length=20, choices=SessionKind.choices)
    held_on = models.DateField()
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on}"


class ChildGoal(models.Model):
    """A goal set with the child at the start, its five levels described in the child's words (−2 much less
    than expected … +2 much more), an optional weight, and the level the child starts at (the baseline)."""

    case = models.ForeignKey(ChildCase, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(max_length=200)
    level_minus_2 = models.CharField(max_length=300)
    level_minus_1 = models.CharField(max_length=300)
    level_0 = models.CharField(max_length=300)
    level_plus_1 = models.CharField(max_length=300)
    level_plus_2 = models.CharField(max_length=300)
    weight = models.PositiveSmallIntegerField(null=True, blank=True, help_text="Empty: weighs 1.")
    baseline = models.SmallIntegerField()
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(baseline__gte=-2, baseline__lte=2), name="child_goal_baseline_level"),
            models.CheckConstraint(condition=Q(weight__isnull=True) | Q(weight__gte=1), name="child_goal_weight"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def weight_used(self) -> int:
        return self.weight or 1

    def level_text(self, level: int) -> str:
        return {
            -2: self.level_minus_2,
            -1: self.level_minus_1,
            0: self.level_0,
            1: self.level_plus_1,
            2: self.level_plus_2,
        }[level]


class ScoredAt(models.TextChoices):
    REVIEW = "review", "At review"
    END = "end", "At the end"


class ChildGoalScore(models.Model):
    """A goal's level at review or at the end: one of each per goal."""

    goal = models.ForeignKey(ChildGoal, on_delete=models.CASCADE, related_name="scores")
    at = models.CharField(max_length=10, choices=ScoredAt.choices)
    level = models.SmallIntegerField()
    scored_on = models.DateField()
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["goal", "at"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "at"], name="one_score_per_goal_and_moment"),
            models.CheckConstraint(condition=Q(level__gte=-2, level__lte=2), name="child_goal_score_level"),
        ]

    def __str__(self) -> str:
        return f"{self.goal_id} {self.at}: {self.level}"


class ChildReminderKind(models.TextChoices):
    ENDING_SOON = "ending_soon", "Two weeks left"
    ENDED = "ended", "12 weeks reached"


class ChildCaseReminder(models.Model):
    """One reminder to one worker about one child's clock. The unique rule stops doubles; `sent_at` is
    claimed under a row lock (SKIP LOCKED), so two sweeps never both send it (as sla.Reminder)."""

    case = models.ForeignKey(ChildCase, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=ChildReminderKind.choices)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "recipient"], name="one_child_reminder_per_kind")
        ]
        indexes = [models.Index(fields=["id"], condition=Q(sent_at__isnull=True), name="child_reminder_unsent")]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient_id} about child case {self.case_id}"
