from __future__ import annotations

from django.utils import timezone
from rest_framework import serializers

from kidas.api import StrictInputSerializer
from kidas.serializing import ModelSerializer
from waiting.figures import days, waited
from waiting.models import DelayNotice, WaitingChange, WaitingEntry
from waiting.priority import Priority


class DelayNoticeSerializer(ModelSerializer):
    channel = serializers.CharField(help_text="email, in_app (the partner's account), or none (tell them yourself)")
    status = serializers.CharField(help_text="queued, sent, not_sent or failed")

    class Meta:
        model = DelayNotice
        fields = ["channel", "to", "status", "note", "created_at", "sent_at"]


class WaitingChangeSerializer(ModelSerializer):
    by = serializers.CharField(source="by.username", default=None)

    class Meta:
        model = WaitingChange
        fields = ["kind", "from_value", "to_value", "by", "at", "reason"]


class WaitingEntrySerializer(ModelSerializer):
    reference = serializers.CharField(source="referral.reference")
    risk_level = serializers.CharField(source="referral.risk_level")
    provider = serializers.CharField(source="provider.name")
    service = serializers.CharField(source="service.name", default=None)
    state = serializers.CharField(help_text="waiting, taken_on or withdrawn")
    days_waited = serializers.SerializerMethodField()

    class Meta:
        model = WaitingEntry
        fields = [
            "id",
            "referral",
            "reference",
            "risk_level",
            "provider",
            "service",
            "priority",
            "priority_reason",
            "why_waiting",
            "joined_at",
            "state",
            "left_at",
            "leave_reason",
            "days_waited",
        ]

    def get_days_waited(self, entry: WaitingEntry) -> float:
        return days(waited(entry.joined_at, entry.left_at, timezone.now()))


class WaitingEntryDetailSerializer(WaitingEntrySerializer):
    changes = WaitingChangeSerializer(many=True)
    notices = DelayNoticeSerializer(many=True)

    class Meta(WaitingEntrySerializer.Meta):
        fields = [*WaitingEntrySerializer.Meta.fields, "changes", "notices"]


class WaitingAddInputSerializer(StrictInputSerializer):
    priority = serializers.ChoiceField(choices=Priority.choices)
    priority_reason = serializers.CharField(required=False, allow_blank=True, default="")
    why = serializers.CharField()


class PriorityInputSerializer(StrictInputSerializer):
    priority = serializers.ChoiceField(choices=Priority.choices)
    priority_reason = serializers.CharField(required=False, allow_blank=True, default="")


class TakeOnInputSerializer(StrictInputSerializer):
    worker = serializers.IntegerField(required=False, default=None, allow_null=True)


class WithdrawInputSerializer(StrictInputSerializer):
    reason = serializers.CharField()
