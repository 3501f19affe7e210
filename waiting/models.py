"""The waiting list: a referral routed to a provider that has no capacity to take it on yet. Each entry has a
priority (waiting.priority), the referrer is told of the delay (DelayNotice), and the time waited is kept:
joined_at to left_at. Leaving (taken on, or withdrawn with a reason) is a transition; every change is a
WaitingChange row with who, when and why."""

from __future__ import annotations

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from waiting.priority import Priority


class WaitingState(models.TextChoices):
    WAITING = "waiting", "Waiting"
    TAKEN_ON = "taken_on", "Taken on"
    WITHDRAWN = "withdrawn", "Withdrawn from the list"


class WaitingEntry(ConcurrentTransitionMixin, models.Model):
    """One referral waiting for one provider. The state changes only by its transitions."""

    referral = models.ForeignKey("referrals.Referral", on_delete=models.CASCADE, related_name="waiting_entries")
    # The provider it waits for (the referral's provider may change once it leaves: a decline clears it).
    provider = models.ForeignKey("providers.Organisation", on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey("providers.Service", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Empty: not set yet (it joined because the service was marked at capacity); a person sets it.
    priority = models.CharField(max_length=1, choices=Priority.choices, blank=True)
    priority_reason = models.TextField(blank=True, help_text="Why a high-risk referral waits below A.")
    why_waiting = models.TextField()
    joined_at = models.DateTimeField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    state = FSMField(default=WaitingState.WAITING, choices=WaitingState.choices, protected=True)
    left_at = models.DateTimeField(null=True, blank=True)
    left_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    leave_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["joined_at", "id"]
        verbose_name_plural = "waiting entries"
        constraints = [
            models.UniqueConstraint(
                fields=["referral"], condition=Q(state="waiting"), name="one_waiting_entry_per_referral"
            ),
            # A referral leaves the list at a moment, with a reason when withdrawn.
            models.CheckConstraint(
                condition=Q(state="waiting", left_at__isnull=True) | (~Q(state="waiting") & Q(left_at__isnull=False)),
                name="waiting_entry_left_at_when_left",
            ),
            models.CheckConstraint(
                condition=~Q(state="withdrawn") | Q(leave_reason__gt=""), name="waiting_entry_withdrawn_says_why"
            ),
        ]
        indexes = [models.Index(fields=["provider", "state", "joined_at"], name="waiting_by_provider")]
        triggers = [
            pgtrigger.FSM(
                name="waiting_entry_state_machine",
                field="state",
                transitions=[
                    (WaitingState.WAITING, WaitingState.TAKEN_ON),
                    (WaitingState.WAITING, WaitingState.WITHDRAWN),
                ],
            )
        ]

    def __str__(self) -> str:
        return f"{self.referral}: waiting for {self.provider} ({self.get_state_display()})"

    @transition(field=state, source=WaitingState.WAITING, target=WaitingState.TAKEN_ON)
    def take_on(self) -> None: ...

    @transition(field=state, source=WaitingState.WAITING, target=WaitingState.WITHDRAWN)
    def withdraw(self) -> None: ...


class ChangeKind(models.TextChoices):
    JOINED = "joined", "Put on the waiting list"
    PRIORITY = "priority", "Priority set"
    TAKEN_ON = "taken_on", "Taken on"
    WITHDRAWN = "withdrawn", "Withdrawn from the list"


class WaitingChange(models.Model):
    """Who changed a waiting entry, when, what and why. Written with every change."""

    entry = models.ForeignKey(WaitingEntry, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=20, choices=ChangeKind.choices)
    from_value = models.CharField(max_length=20, blank=True)
    to_value = models.CharField(max_length=20, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.get_kind_display()}"


class NoticeChannel(models.TextChoices):
    EMAIL = "email", "Email"
    IN_APP = "in_app", "Notification and email to the partner's account"
    NONE = "none", "Not sent automatically"


class NoticeStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    NOT_SENT = "not_sent", "Not sent: tell them yourself"
    FAILED = "failed", "Failed"


class DelayNotice(models.Model):
    """The referrer told that the referral waits: to whom, how, and whether it went. An email holds the
    reference only, no personal details."""

    entry = models.ForeignKey(WaitingEntry, on_delete=models.CASCADE, related_name="notices")
    channel = models.CharField(max_length=10, choices=NoticeChannel.choices)
    to = models.CharField(max_length=254, blank=True)
    status = models.CharField(max_length=10, choices=NoticeStatus.choices)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.get_channel_display()} ({self.get_status_display()})"


class ServiceAtCapacity(models.Model):
    """A provider's service with no capacity from `since` until `until` (open: still at capacity). While it
    is, referrals routed to it join the waiting list on arrival. Who marked it, when and why are kept."""

    provider = models.ForeignKey("providers.Organisation", on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey("providers.Service", on_delete=models.PROTECT, related_name="+")
    since = models.DateTimeField()
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    until = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-since", "-id"]
        verbose_name_plural = "services at capacity"
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "service"], condition=Q(until__isnull=True), name="one_open_capacity_mark"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider}: {self.service} at capacity"
