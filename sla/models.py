from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from kidas.models import ChoiceLabels
from referrals.risk import RiskLevel
from sla.deadlines import Unit
from sla.stages import Stage


class Policy(models.Model):
    """How long a stage may take for a risk level (domain.md defaults; an administrator edits them)."""

    stage = models.CharField(max_length=30, choices=Stage.choices)
    risk_level = models.CharField(max_length=10, choices=RiskLevel.choices)
    amount = models.PositiveIntegerField()
    unit = models.CharField(max_length=20, choices=[(u.value, u.value.replace("_", " ")) for u in Unit])

    class Meta:
        verbose_name = "service level"
        ordering = ["stage", "risk_level"]
        constraints = [models.UniqueConstraint(fields=["stage", "risk_level"], name="one_policy_per_stage_and_risk")]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}, {self.risk_level}: {self.amount} {self.get_unit_display()}"


class Clock(ChoiceLabels):
    """One referral's time in one stage. Open while `stopped_at` is empty; `met` says if it was in time."""

    referral = models.ForeignKey("referrals.Referral", on_delete=models.CASCADE, related_name="clocks")
    stage = models.CharField(max_length=30, choices=Stage.choices)
    risk_level = models.CharField(max_length=10, choices=RiskLevel.choices)
    organisation = models.ForeignKey(
        "providers.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The organisation responsible while the clock runs (empty: the MARAC coordinators).",
    )
    # Set for a MARAC action's clock: a referral has one open clock per stage, but one per action here.
    marac_action = models.ForeignKey(
        "marac.MaracAction", null=True, blank=True, on_delete=models.CASCADE, related_name="clocks"
    )
    started_at = models.DateTimeField()
    due_at = models.DateTimeField()
    remind_at = models.DateTimeField()
    escalate_at = models.DateTimeField()
    # The next moment the sweep has something to do for this clock; empty when all reminders are made.
    next_reminder_at = models.DateTimeField(null=True, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    stopped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    met = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["started_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "stage"],
                condition=Q(stopped_at__isnull=True, marac_action__isnull=True),
                name="one_open_clock_per_stage",
            ),
            models.UniqueConstraint(
                fields=["marac_action"],
                condition=Q(stopped_at__isnull=True, marac_action__isnull=False),
                name="one_open_clock_per_marac_action",
            ),
        ]
        indexes = [
            models.Index(fields=["due_at"], condition=Q(stopped_at__isnull=True), name="clock_open_due"),
            models.Index(
                fields=["next_reminder_at"],
                condition=Q(stopped_at__isnull=True, next_reminder_at__isnull=False),
                name="clock_sweep",
            ),
            models.Index(fields=["stage", "stopped_at"], condition=Q(met=False), name="clock_breach"),
            models.Index(fields=["referral", "stopped_at"], name="clock_referral"),
        ]

    def __str__(self) -> str:
        return f"{self.referral_id} {self.stage} due {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def breached(self) -> bool:
        """Met late stays a breach after the fact."""
        return self.met is False


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"
    ESCALATED = "escalated", "Overdue: escalated"


class Reminder(models.Model):
    """One reminder to one person about one clock. The unique rule is what stops doubles;
    `sent_at` is claimed under a row lock (SKIP LOCKED) so that two senders never both send."""

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["clock", "kind", "recipient"], name="one_reminder_per_clock_kind_recipient")
        ]
        indexes = [models.Index(fields=["id"], condition=Q(sent_at__isnull=True), name="reminder_unsent")]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient_id} about clock {self.clock_id}"


class Notification(models.Model):
    """An in-app message. It names a referral by its reference only."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    reminder = models.OneToOneField(Reminder, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    text = models.CharField(max_length=300)
    link = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user"),
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread"),
        ]

    def __str__(self) -> str:
        return self.text
