from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kidas.serializing import ModelSerializer
from referrals.models import referral_reference
from referrals.serializers import ReferralSummarySerializer
from sla.deadlines import deadline_status
from sla.models import Clock, Notification
from sla.stages import Stage


class NotificationSerializer(ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "text", "link", "created_at", "read_at"]


class BreachSerializer(ModelSerializer):
    # Written from the referral's id (referrals.models.referral_reference): no referral is read for it.
    reference = serializers.SerializerMethodField()
    organisation = serializers.CharField(source="organisation.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Clock
        fields = [
            "id",
            "referral",
            "reference",
            "stage",
            "risk_level",
            "organisation",
            "started_at",
            "due_at",
            "stopped_at",
            "met",
        ]

    @extend_schema_field(str)
    def get_reference(self, clock: Clock) -> str:
        return referral_reference(clock.referral_id)


class QueueRowSerializer(ReferralSummarySerializer):
    """A row of a work list (the triage queue, a provider's inbox): the summary plus the deadline the list
    is ordered by. The rows come from sla.current_deadline.by_deadline
    (the triage queue's through referrals.extensions)."""

    deadline_due_at = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text="When the earliest running service-level clock is due; null: none runs",
    )
    deadline_stage = serializers.ChoiceField(choices=Stage.choices, read_only=True, allow_null=True)
    deadline_status = serializers.SerializerMethodField(
        help_text='"overdue", "due_soon", "on_time", or "" when no clock runs'
    )

    class Meta(ReferralSummarySerializer.Meta):
        fields = [*ReferralSummarySerializer.Meta.fields, "deadline_due_at", "deadline_stage", "deadline_status"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.now = timezone.now()  # every row of one answer is judged at the same moment

    def get_deadline_status(self, referral: Any) -> str:
        return deadline_status(referral.deadline_due_at, referral.deadline_remind_at, self.now)
