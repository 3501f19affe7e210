from __future__ import annotations

from rest_framework import serializers

from sla.models import Clock, Notification


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "text", "link", "created_at", "read_at"]


class BreachSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(source="referral.reference", read_only=True)
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
