from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework import serializers

from kidas.api import StrictInputSerializer
from kidas.serializing import ModelSerializer
from monitoring import categories as c
from monitoring.models import Engagement, EqualityMonitoring, ReferralPathway


def _answer_field(question: c.Question, **kwargs: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=question.choices,
        allow_blank=True,
        help_text=f'{question.text} "" when not asked (distinct from prefer_not_to_say).',
        **kwargs,
    )


class EqualitySerializer(ModelSerializer):
    """The survivor's equality monitoring on one referral, for whoever may see it (referrals.policies.may_see_equality)."""

    recorded = serializers.SerializerMethodField(help_text="False when nothing has been recorded yet")
    age_band = serializers.SerializerMethodField(
        help_text="On the day the referral was received, from the date of birth"
    )

    class Meta:
        model = EqualityMonitoring
        fields = ["recorded", *c.QUESTION_FIELDS, "age_band", "recorded_at", "updated_at"]

    def get_recorded(self, record: EqualityMonitoring) -> bool:
        return record.pk is not None

    def get_age_band(self, record: EqualityMonitoring) -> str:
        referral = record.referral
        return c.age_band(referral.date_of_birth, timezone.localdate(referral.received_at))


class EqualityInputSerializer(StrictInputSerializer):
    """Every answer optional: a question left out, or "", is recorded as not asked."""

    ethnicity = _answer_field(c.QUESTIONS[0], required=False, default="")
    sex = _answer_field(c.QUESTIONS[1], required=False, default="")
    gender_same_as_birth = _answer_field(c.QUESTIONS[2], required=False, default="")
    sexual_orientation = _answer_field(c.QUESTIONS[3], required=False, default="")
    disability = _answer_field(c.QUESTIONS[4], required=False, default="")
    pregnancy = _answer_field(c.QUESTIONS[5], required=False, default="")
    no_recourse_to_public_funds = _answer_field(c.QUESTIONS[6], required=False, default="")
    substance_use = _answer_field(c.QUESTIONS[7], required=False, default="")
    mental_health = _answer_field(c.QUESTIONS[8], required=False, default="")


class ReferralPathwaySerializer(ModelSerializer):
    pathway = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    pathway_name = serializers.CharField(source="pathway.name", read_only=True)
    hospital = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = ReferralPathway
        fields = ["id", "pathway", "pathway_name", "hospital", "referred_on", "engagement", "updated_at"]


class ReferralPathwayInputSerializer(StrictInputSerializer):
    pathway = serializers.SlugField(help_text="hospital-idva, specialist-idva-male, court-idva, ...")
    hospital = serializers.SlugField(required=False, allow_blank=True, default="", help_text="Hospital IDVA only")
    referred_on = serializers.DateField(required=False, allow_null=True, default=None)
    engagement = serializers.ChoiceField(choices=Engagement.choices, required=False, allow_blank=True, default="")
