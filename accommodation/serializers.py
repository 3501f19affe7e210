from __future__ import annotations

from rest_framework import serializers

from accommodation.models import REFUGE_ANSWERS, MoveOnDestination, RefugeLeaving, RefugeRequest, UnsuitableReason
from casework.models import RefugePlace
from kidas.serializing import ModelSerializer, Serializer


class VacancySerializer(ModelSerializer):
    refuge = serializers.CharField(source="refuge.name")
    provider = serializers.CharField(source="refuge.provider.name")
    men_only = serializers.BooleanField(source="refuge.men_only")

    class Meta:
        model = RefugePlace
        fields = [
            "id",
            "refuge",
            "provider",
            "label",
            "men_only",
            "wheelchair_accessible",
            "children_allowed",
            "family_room",
        ]


class HouseholdQuerySerializer(Serializer):
    adults = serializers.IntegerField(min_value=1, max_value=6, required=False)
    children = serializers.IntegerField(min_value=0, max_value=12, required=False)
    male_survivor = serializers.BooleanField(required=False, default=False)
    needs_wheelchair_access = serializers.BooleanField(required=False, default=False)


class RefugeRequestInputSerializer(Serializer):
    refuge = serializers.IntegerField()
    out_of_area = serializers.BooleanField()
    adults = serializers.IntegerField(min_value=1, max_value=6)
    children = serializers.IntegerField(min_value=0, max_value=12)
    children_ages = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    needs_wheelchair_access = serializers.BooleanField()
    needs = serializers.CharField(required=False, allow_blank=True, default="")


class RefugeRequestSerializer(ModelSerializer):
    refuge = serializers.CharField(source="refuge.name")

    class Meta:
        model = RefugeRequest
        fields = [
            "id",
            "referral",
            "refuge",
            "out_of_area",
            "adults",
            "children",
            "children_ages",
            "male_survivor",
            "needs_wheelchair_access",
            "state",
            "unsuitable_reason",
            "answer_note",
            "requested_at",
            "answered_at",
        ]


class RefugeAnswerInputSerializer(Serializer):
    answer = serializers.ChoiceField(choices=REFUGE_ANSWERS)
    unsuitable_reason = serializers.ChoiceField(
        choices=UnsuitableReason.choices, required=False, allow_blank=True, default=""
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RefugeDeclineInputSerializer(Serializer):
    note = serializers.CharField()


class RefugeLeavingInputSerializer(Serializer):
    left_on = serializers.DateField()
    planned = serializers.BooleanField()
    destination = serializers.ChoiceField(choices=MoveOnDestination.choices)


class RefugeLeavingSerializer(ModelSerializer):
    class Meta:
        model = RefugeLeaving
        fields = ["id", "stay", "left_on", "planned", "destination"]
