from __future__ import annotations

from rest_framework import serializers

from accommodation.children_service_forms import CLOSING_CHOICES
from accommodation.children_service_models import (
    ChildCase,
    ChildGoal,
    ChildReferralSource,
    ChildSession,
    SafeAccommodationKind,
    SessionKind,
)
from kidas.api import StrictInputSerializer
from kidas.serializing import ModelSerializer

# A database id (bigint): anything larger is refused as input, not passed to PostgreSQL.
ID_MAX = 2**63 - 1


class ChildSessionSerializer(ModelSerializer):
    class Meta:
        model = ChildSession
        fields = ["id", "kind", "held_on", "worker", "notes"]


class ChildGoalSerializer(ModelSerializer):
    review_level = serializers.SerializerMethodField()
    end_level = serializers.SerializerMethodField()

    class Meta:
        model = ChildGoal
        fields = [
            "id",
            "title",
            "level_minus_2",
            "level_minus_1",
            "level_0",
            "level_plus_1",
            "level_plus_2",
            "weight",
            "baseline",
            "review_level",
            "end_level",
        ]

    def _level(self, goal: ChildGoal, at: str) -> int | None:
        return next((s.level for s in goal.scores.all() if s.at == at), None)

    def get_review_level(self, goal: ChildGoal) -> int | None:
        return self._level(goal, "review")

    def get_end_level(self, goal: ChildGoal) -> int | None:
        return self._level(goal, "end")


class ChildCaseSerializer(ModelSerializer):
    child_name = serializers.CharField(source="child.full_name")
    provider = serializers.CharField(source="provider.name")
    goals = ChildGoalSerializer(many=True, read_only=True)
    sessions = ChildSessionSerializer(many=True, read_only=True)

    class Meta:
        model = ChildCase
        fields = [
            "id",
            "child",
            "child_name",
            "referral",
            "provider",
            "source",
            "accommodation_kind",
            "referrer_name",
            "referrer_agency",
            "reason",
            "referred_at",
            "state",
            "worker",
            "started_on",
            "reviewed_on",
            "ended_on",
            "closed_reason",
            "remind_at",
            "due_at",
            "goals",
            "sessions",
        ]


class ChildReferralInputSerializer(StrictInputSerializer):
    child = serializers.IntegerField(
        min_value=1, max_value=ID_MAX, help_text="The child's person id: one of the children on the case."
    )
    source = serializers.ChoiceField(choices=ChildReferralSource.choices)  # type: ignore[assignment]  # a field named "source": DRF takes it off the class
    accommodation_kind = serializers.ChoiceField(
        choices=SafeAccommodationKind.choices, required=False, allow_blank=True, default=""
    )
    referrer_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)
    referrer_agency = serializers.CharField(required=False, allow_blank=True, default="", max_length=120)
    reason = serializers.CharField()


class ChildStartInputSerializer(StrictInputSerializer):
    started_on = serializers.DateField()
    worker = serializers.IntegerField(
        min_value=1, max_value=ID_MAX, required=False, help_text="A worker of the children's service; default you."
    )


class ChildGoalInputSerializer(StrictInputSerializer):
    title = serializers.CharField(max_length=200)
    level_minus_2 = serializers.CharField(max_length=300)
    level_minus_1 = serializers.CharField(max_length=300)
    level_0 = serializers.CharField(max_length=300)
    level_plus_1 = serializers.CharField(max_length=300)
    level_plus_2 = serializers.CharField(max_length=300)
    baseline = serializers.IntegerField(min_value=-2, max_value=2, help_text="The level the child starts at.")
    weight = serializers.IntegerField(min_value=1, max_value=10, required=False, allow_null=True, default=None)


class ChildSessionInputSerializer(StrictInputSerializer):
    kind = serializers.ChoiceField(choices=SessionKind.choices)
    held_on = serializers.DateField()
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class GoalScoreInputSerializer(StrictInputSerializer):
    goal = serializers.IntegerField(min_value=1, max_value=ID_MAX)
    level = serializers.IntegerField(min_value=-2, max_value=2)


class ChildScoresInputSerializer(StrictInputSerializer):
    scored_on = serializers.DateField()
    scores = GoalScoreInputSerializer(many=True, help_text="One score per goal of the case.")


class ChildCloseInputSerializer(StrictInputSerializer):
    move = serializers.ChoiceField(choices=CLOSING_CHOICES)
    reason = serializers.CharField()
