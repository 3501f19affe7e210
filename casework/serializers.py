from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from casework.contact import Method, Outcome
from casework.models import (
    OUTCOME_MEASURES,
    CaseNote,
    Closure,
    ClosureReason,
    ContactAttempt,
    OutcomeAnswer,
    SafetyPlan,
    SupportEpisode,
)
from kidas.api import StrictInputSerializer
from kidas.serializing import ModelSerializer, Serializer
from providers.models import Service
from referrals.serializers import ManualRouteInputSerializer, RiskAssessmentInputSerializer


def _confirm_code_word_field() -> serializers.BooleanField:
    return serializers.BooleanField(
        required=False,
        default=False,
        help_text="True to record free text that names the person's code word (else it is refused with a 400)",
    )


class CaseRowSerializer(Serializer):
    """One caseload row, as casework.selectors.caseload_rows builds it for the page and the API."""

    id = serializers.IntegerField()
    reference = serializers.CharField()
    url = serializers.CharField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    date_of_birth = serializers.DateField()
    district = serializers.CharField(allow_null=True)
    risk_level = serializers.CharField()
    risk_label = serializers.CharField()
    state = serializers.CharField()
    state_label = serializers.CharField()
    is_repeat = serializers.BooleanField()
    service = serializers.CharField(allow_null=True)
    service_name = serializers.CharField(allow_null=True)
    allocated_worker = serializers.CharField(allow_null=True)
    received_at = serializers.DateTimeField()
    safety_review_on = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField(help_text="The safety plan's review date has passed")
    deadline_due_at = serializers.DateTimeField(allow_null=True, help_text="The earliest running service-level clock")
    deadline_remind_at = serializers.DateTimeField(allow_null=True)
    deadline_stage = serializers.CharField(allow_null=True)
    deadline_status = serializers.ChoiceField(
        choices=["overdue", "due_soon", "on_time", ""], help_text="How that clock stands now; empty when none runs"
    )


class TimelineEventSerializer(Serializer):
    at = serializers.DateTimeField(help_text="When it happened; a date-only event is placed at the end of its day")
    date_only = serializers.BooleanField(help_text="The event has a day but no time (a service started or ended)")
    kind = serializers.CharField()
    title = serializers.CharField()
    by = serializers.CharField()
    description = serializers.CharField()


class ContactAttemptInputSerializer(StrictInputSerializer):
    method = serializers.ChoiceField(choices=Method.choices)
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    attempted_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    outside_safe_times_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Why contact is made outside the safe times the referral records: needed when it is",
    )
    confirm_code_word = _confirm_code_word_field()

    def validate_attempted_at(self, value: Any) -> Any:
        if value and value > timezone.now():
            raise serializers.ValidationError("A contact attempt cannot be in the future")
        return value


class ContactAttemptSerializer(ModelSerializer):
    by = serializers.StringRelatedField()

    class Meta:
        model = ContactAttempt
        fields = ["id", "method", "outcome", "attempted_at", "notes", "outside_safe_times_reason", "by", "recorded_at"]


class NoteInputSerializer(StrictInputSerializer):
    text = serializers.CharField()
    confirm_code_word = _confirm_code_word_field()


class NoteSerializer(ModelSerializer):
    by = serializers.StringRelatedField()

    class Meta:
        model = CaseNote
        fields = ["id", "text", "by", "at"]


class SupportStartInputSerializer(StrictInputSerializer):
    service = serializers.SlugRelatedField(slug_field="slug", queryset=Service.objects.all())
    started_on = serializers.DateField()
    refuge_place = serializers.IntegerField(required=False, allow_null=True, default=None)


class SupportEndInputSerializer(StrictInputSerializer):
    ended_on = serializers.DateField()


class SupportEpisodeSerializer(ModelSerializer):
    service = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    refuge_place = serializers.StringRelatedField()

    class Meta:
        model = SupportEpisode
        fields = ["id", "service", "started_on", "ended_on", "refuge_place"]


class SafetyPlanInputSerializer(StrictInputSerializer):
    summary = serializers.CharField()
    review_on = serializers.DateField()
    confirm_code_word = _confirm_code_word_field()


class SafetyPlanSerializer(ModelSerializer):
    by = serializers.StringRelatedField()

    class Meta:
        model = SafetyPlan
        fields = ["id", "summary", "review_on", "by", "at"]


class ReassessmentInputSerializer(RiskAssessmentInputSerializer):
    pass


class ReassessmentSerializer(Serializer):
    level = serializers.CharField()
    yes_count = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())
    outcome = serializers.CharField(help_text="What the new level means for the case")
    provider = serializers.CharField(allow_null=True)
    state = serializers.CharField()
    risk_level = serializers.CharField(help_text="The case's level now (unchanged while a step-down waits)")
    step_down = serializers.CharField(
        allow_null=True, help_text="pending when a step-down waits for a manager's approval, else null"
    )


class StepDownSerializer(Serializer):
    id = serializers.IntegerField()
    referral = serializers.IntegerField(source="referral_id")
    reference = serializers.CharField(source="referral.reference")
    from_level = serializers.CharField()
    to_level = serializers.CharField()
    reason = serializers.CharField()
    requested_by = serializers.CharField()
    requested_at = serializers.DateTimeField()
    state = serializers.CharField()
    decided_by = serializers.CharField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    decision_reason = serializers.CharField()
    flags = serializers.ListField(child=serializers.CharField(), source="assessment.flags")


class StepDownDecisionInputSerializer(StrictInputSerializer):
    reason = serializers.CharField(help_text="Why you approve or refuse: the worker and the case history show it")


class TransferInputSerializer(ManualRouteInputSerializer):
    """The same choice as routing by hand: the provider, its service and why."""


class ClosureInputSerializer(StrictInputSerializer):
    reason = serializers.ChoiceField(choices=ClosureReason.choices)
    outcomes = serializers.DictField(
        child=serializers.ChoiceField(choices=OutcomeAnswer.choices),
        help_text="Every outcome measure (" + ", ".join(OUTCOME_MEASURES) + ") → yes, no or not_asked",
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    confirm_code_word = _confirm_code_word_field()


class OutcomeLineSerializer(Serializer):
    outcome = serializers.CharField()
    answer = serializers.CharField()


class ClosureSerializer(ModelSerializer):
    by = serializers.StringRelatedField()
    reason_label = serializers.CharField(source="get_reason_display", read_only=True)
    outcome_lines = serializers.SerializerMethodField(help_text='The answers in words: "Feeling safe", "Yes"')

    class Meta:
        model = Closure
        fields = ["reason", "reason_label", "outcomes", "outcome_lines", "notes", "by", "at"]

    @extend_schema_field(OutcomeLineSerializer(many=True))
    def get_outcome_lines(self, closure: Closure) -> list[dict[str, str]]:
        from casework.selectors import closure_outcome_lines

        return [{"outcome": label, "answer": answer} for label, answer in closure_outcome_lines(closure)]


class RefugeVacancySerializer(Serializer):
    refuge = serializers.CharField()
    provider = serializers.CharField()
    places = serializers.IntegerField()
    occupied = serializers.IntegerField()
    vacancy_rate = serializers.FloatField(allow_null=True)
