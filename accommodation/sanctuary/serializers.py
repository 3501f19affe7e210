from __future__ import annotations

from rest_framework import serializers

from accommodation.sanctuary.forms import OUTCOMES
from accommodation.sanctuary.models import (
    Answer,
    SanctuaryMeasure,
    SanctuaryMeasureInstalled,
    SanctuaryMove,
    SanctuaryReferral,
    SanctuaryState,
    Tenure,
)
from kidas.serializing import ModelSerializer, Serializer


class MeasureSerializer(ModelSerializer):
    class Meta:
        model = SanctuaryMeasure
        fields = ["id", "name", "slug"]


class InstalledSerializer(ModelSerializer):
    measure = serializers.CharField(source="measure.name")

    class Meta:
        model = SanctuaryMeasureInstalled
        fields = ["measure", "installed_on"]


class MoveSerializer(ModelSerializer):
    by = serializers.CharField(source="by.username")

    class Meta:
        model = SanctuaryMove
        fields = ["move", "from_state", "to_state", "by", "at", "why"]


class SanctuaryReferralSerializer(ModelSerializer):
    provider = serializers.CharField(source="provider.name")
    one_visit = serializers.BooleanField(
        allow_null=True, help_text="Assessment and installation in one visit (the same day); null until installed."
    )
    installed = InstalledSerializer(many=True)
    moves = MoveSerializer(many=True)

    class Meta:
        model = SanctuaryReferral
        fields = [
            "id",
            "referral",
            "survivor",
            "provider",
            "male_survivor",
            "state",
            "referred_at",
            "perpetrator_lives_there",
            "tenure",
            "consent",
            "eligibility_checked_at",
            "assessed_on",
            "assessment_notes",
            "installed_on",
            "installed",
            "one_visit",
            "completed_on",
            "ended_reason",
            "ended_at",
            "moves",
        ]


class SanctuaryRowSerializer(ModelSerializer):
    """A row of the list, as the list page shows it; the record itself is GET sanctuary-referrals/{id}/."""

    provider = serializers.CharField(source="provider.name")
    reference = serializers.CharField(help_text="The survivor's case.")
    one_visit = serializers.BooleanField(
        allow_null=True, help_text="Assessment and installation in one visit (the same day); null until installed."
    )

    class Meta:
        model = SanctuaryReferral
        fields = ["id", "referral", "reference", "provider", "state", "referred_at", "one_visit", "completed_on"]


class SanctuaryListQuerySerializer(Serializer):
    """The list's filters, as the page splits it (query parameters; page and page_size choose the page)."""

    under_way = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="true: still under way (referred to installed); false: finished (completed, not eligible, "
        "declined, withdrawn). Absent: both.",
    )
    state = serializers.ChoiceField(choices=SanctuaryState.choices, required=False, default="", help_text="One state.")


class SanctuaryReferralInputSerializer(Serializer):
    provider = serializers.IntegerField(help_text="The organisation delivering the scheme.")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class EligibilityInputSerializer(Serializer):
    perpetrator_lives_there = serializers.ChoiceField(choices=Answer.choices)
    tenure = serializers.ChoiceField(choices=Tenure.choices)
    consent = serializers.ChoiceField(choices=Answer.choices)


class EligibilityOutputSerializer(Serializer):
    decision = serializers.ChoiceField(choices=["eligible", "not eligible", "not decided yet"])
    explanation = serializers.CharField()
    sanctuary_referral = SanctuaryReferralSerializer()


class AssessmentInputSerializer(Serializer):
    assessed_on = serializers.DateField()
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class InstallationInputSerializer(Serializer):
    installed_on = serializers.DateField()
    measures = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)


class CompletionInputSerializer(Serializer):
    completed_on = serializers.DateField()


class EndInputSerializer(Serializer):
    ending = serializers.ChoiceField(choices=OUTCOMES, help_text="declined: by the survivor; withdrawn: by staff")
    reason = serializers.CharField()
