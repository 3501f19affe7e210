from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import User
from kidas.api import StrictInputSerializer
from kidas.serializing import ModelSerializer, Serializer
from providers.models import District, Organisation, Service
from referrals import validation
from referrals.fields import PERSON_FIELDS
from referrals.models import (
    Child,
    Referral,
    ReferralChild,
    ReferralPerpetrator,
    RiskAssessment,
    SafeContactCheck,
    StateChange,
)
from referrals.people_links import SurvivorChoice
from referrals.policies import may_see_restricted
from referrals.restricted import REFERRAL_FREE_TEXT_FIELDS, RESTRICTED_REFERRAL_FIELDS, free_text_for
from referrals.risk import RiskLevel
from referrals.routing_explanation import routing_explanation
from referrals.safe_contact import QUESTION, carried_over_details, safe_contact_check_of
from referrals.selectors import SUMMARY_COLUMNS
from referrals.services import current_checklist
from referrals.states import State


def _run(check: Any, value: Any) -> Any:
    try:
        return check(value)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(exc.messages) from None


class ChildSerializer(StrictInputSerializer, ModelSerializer):
    class Meta:
        model = Child
        fields = ["first_name", "date_of_birth"]

    def validate_date_of_birth(self, value: Any) -> Any:
        return _run(validation.clean_date_of_birth, value) if value else value


class ReferralInputSerializer(StrictInputSerializer, ModelSerializer):
    district = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=District.objects.all(),
        required=False,
        allow_null=True,
        help_text="District slug, for example 'swale'. Leave out when not known: the referral is routed by hand.",
    )
    consent_given = serializers.BooleanField(required=True, allow_null=False)
    received_at = serializers.DateTimeField(required=False, help_text="Defaults to now")
    children = ChildSerializer(many=True, required=False)
    survivor_choice = serializers.ChoiceField(
        choices=[(c.value, c.value) for c in SurvivorChoice],
        required=False,
        help_text="Who she is, as the worker answered: 'existing' (the same person as `survivor`), 'new' (always a "
        "new person) or 'not_asked' (nobody was asked: an earlier referral with the same name, date of birth and "
        "postcode or phone links her). Left out: 'existing' when `survivor` is given, else 'not_asked'.",
    )
    survivor = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        help_text="With survivor_choice 'existing': the person she is (GET /api/v1/people/?...), one you may see",
    )

    class Meta:
        model = Referral
        fields = [*PERSON_FIELDS, "children", "survivor_choice", "survivor"]
        extra_kwargs = {"perpetrator_relationship": {"required": True}, "source": {"required": True}}

    def validate_date_of_birth(self, value: Any) -> Any:
        return _run(validation.clean_date_of_birth, value)

    def validate_postcode(self, value: str) -> str:
        return _run(validation.clean_postcode, value)

    def validate_phone(self, value: str) -> str:
        return _run(validation.clean_phone, value)

    def validate_safe_phone(self, value: str) -> str:
        return _run(validation.clean_phone, value)

    def validate_received_at(self, value: Any) -> Any:

        if value > timezone.now():
            raise serializers.ValidationError("The received time cannot be in the future")
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        errors = validation.consent_errors(attrs.get("consent_given"), attrs.get("consent_refusal_reason", ""))
        errors |= validation.safe_contact_errors(attrs)
        choice = attrs.get("survivor_choice")
        if choice == SurvivorChoice.EXISTING and attrs.get("survivor") is None:
            errors["survivor"] = "Give the person she is the same as."
        if attrs.get("survivor") is not None and choice not in (None, SurvivorChoice.EXISTING):
            errors["survivor"] = "Give a person only with survivor_choice 'existing'."
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class StateChangeSerializer(ModelSerializer):
    by = serializers.StringRelatedField()
    # The first row (receive) comes from no state.
    from_state = serializers.ChoiceField(choices=State.choices, allow_blank=True, read_only=True)

    class Meta:
        model = StateChange
        fields = ["transition", "from_state", "to_state", "by", "at", "reason"]


class MaracListingSerializer(Serializer):
    marac = serializers.CharField(source="marac.name")
    reason = serializers.CharField()
    is_repeat = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    heard_on = serializers.DateField(allow_null=True)


class ReferralSummarySerializer(ModelSerializer):
    reference = serializers.CharField(read_only=True)
    district = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    provider = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Referral
        fields = ["id", "reference", *SUMMARY_COLUMNS]  # the columns a list reads (referrals.selectors.listed)


class PerpetratorLinkSerializer(ModelSerializer):
    person = serializers.PrimaryKeyRelatedField(read_only=True, help_text="The person (GET /api/v1/people/{id}/)")
    name = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = ReferralPerpetrator
        fields = ["person", "name", "relationship", "lives_with_survivor"]


class ChildLinkSerializer(ModelSerializer):
    person = serializers.PrimaryKeyRelatedField(read_only=True, help_text="The child as a person")
    first_name = serializers.CharField(source="person.given_name", read_only=True)
    date_of_birth = serializers.DateField(source="person.date_of_birth", read_only=True, allow_null=True)

    class Meta:
        model = ReferralChild
        fields = ["person", "first_name", "date_of_birth", "relationship", "lives_in_household"]


class SafeContactDetailsSerializer(Serializer):
    safe_phone = serializers.CharField()
    safe_email = serializers.CharField()
    voicemail_allowed = serializers.BooleanField(allow_null=True)
    safe_times = serializers.CharField()
    code_word = serializers.CharField()
    perpetrator_has_phone_access = serializers.BooleanField(allow_null=True)


class SafeContactCheckSerializer(ModelSerializer):
    """Safe-contact details carried over from her earlier referral and whether they are confirmed still safe.
    Unconfirmed, they are not the referral's (its own safe-contact fields stay blank): treat them as unsafe."""

    state = serializers.SerializerMethodField(
        help_text="'unconfirmed' (carried over, not confirmed: treat as unsafe), 'still_safe' or 'replaced'; "
        "'none' when nothing was carried over"
    )
    question = serializers.SerializerMethodField()
    carried_at = serializers.DateTimeField(read_only=True, allow_null=True)
    answered_by = serializers.StringRelatedField(allow_null=True)
    carried_from = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The earlier referral they were given on"
    )
    carried_over = serializers.SerializerMethodField(
        help_text="The details carried over, while unconfirmed; null once answered, or when withheld from you"
    )

    class Meta:
        model = SafeContactCheck
        fields = [
            "state",
            "question",
            "carried_from",
            "last_confirmed_on",
            "carried_at",
            "answered_by",
            "answered_at",
            "carried_over",
        ]

    def get_state(self, check: SafeContactCheck) -> str:
        return check.answer or "unconfirmed"

    def get_question(self, check: SafeContactCheck) -> str:
        return QUESTION

    @extend_schema_field(SafeContactDetailsSerializer(allow_null=True))
    def get_carried_over(self, check: SafeContactCheck) -> dict[str, Any] | None:
        request = self.context.get("request")
        if check.is_confirmed or not may_see_restricted(getattr(request, "user", None), check.referral):
            return None
        details = carried_over_details(check)
        return None if details is None else asdict(details)


class SafeContactConfirmInputSerializer(StrictInputSerializer):
    still_safe = serializers.BooleanField(
        help_text=f"{QUESTION} true: yes, they become the referral's, confirmed today by you. false: no, give the "
        "new details (the fields below), which become hers for this referral and the next"
    )
    safe_phone = serializers.CharField(required=False, allow_blank=True, default="")
    safe_email = serializers.EmailField(required=False, allow_blank=True, default="")
    voicemail_allowed = serializers.BooleanField(required=False, allow_null=True, default=None)
    safe_times = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    code_word = serializers.CharField(required=False, allow_blank=True, default="", max_length=60)
    perpetrator_has_phone_access = serializers.BooleanField(required=False, allow_null=True, default=None)

    def validate_safe_phone(self, value: str) -> str:
        return _run(validation.clean_phone, value)


class ReferralDetailSerializer(ReferralSummarySerializer):
    """The whole referral. The restricted fields (safe contact, address) come blank, with
    `restricted_hidden` true, unless `may_see_restricted` allows the requesting user."""

    restricted_hidden = serializers.SerializerMethodField(
        help_text="True when the safe-contact details and address are withheld from you (they come blank)"
    )
    service = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    repeat_of = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    duplicate_of = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    children = ChildSerializer(many=True, read_only=True)
    survivor = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The survivor as a person, the same across their referrals"
    )
    perpetrators = PerpetratorLinkSerializer(source="perpetrator_links", many=True, read_only=True)
    child_people = ChildLinkSerializer(source="child_links", many=True, read_only=True)
    history = StateChangeSerializer(source="state_changes", many=True, read_only=True)
    safe_contact_check = serializers.SerializerMethodField(
        help_text="Safe-contact details carried over from her earlier referral, and whether confirmed still safe "
        "(POST /api/v1/referrals/{id}/safe-contact/ to answer); null when none were carried over"
    )
    marac_referrals = MaracListingSerializer(many=True, read_only=True)
    routing_explanation = serializers.SerializerMethodField(
        help_text="Why it went where it did: provider, risk, district and area, and the rule (contract) in force"
    )

    class Meta(ReferralSummarySerializer.Meta):
        fields = [
            *ReferralSummarySerializer.Meta.fields,
            *[f for f in PERSON_FIELDS if f not in ReferralSummarySerializer.Meta.fields],
            "service",
            "routing_explanation",
            "last_decline_reason",
            "repeat_of",
            "duplicate_of",
            "children",
            "survivor",
            "perpetrators",
            "child_people",
            "marac_referrals",
            "history",
            "safe_contact_check",
            "restricted_hidden",
        ]

    def _hidden(self, referral: Referral) -> bool:
        request = self.context.get("request")
        return not may_see_restricted(getattr(request, "user", None), referral)

    @extend_schema_field(SafeContactCheckSerializer(allow_null=True))
    def get_safe_contact_check(self, referral: Referral) -> dict[str, Any] | None:
        check = safe_contact_check_of(referral)
        if check is None:
            return None
        check.referral = referral
        return dict(SafeContactCheckSerializer(check, context=self.context).data)

    def get_routing_explanation(self, referral: Referral) -> str:
        return routing_explanation(referral)

    def get_restricted_hidden(self, referral: Referral) -> bool:
        return self._hidden(referral)

    def to_representation(self, instance: Referral) -> dict[str, Any]:
        data = super().to_representation(instance)
        if data.get("restricted_hidden", True):
            for name in RESTRICTED_REFERRAL_FIELDS:
                data[name] = ""
            # Free text may name the code word: masked for whoever may not see it.
            readable = free_text_for(getattr(self.context.get("request"), "user", None), instance)
            for name in REFERRAL_FREE_TEXT_FIELDS:
                if isinstance(data.get(name), str):
                    data[name] = readable(data[name])
            for change in data.get("history") or []:
                change["reason"] = readable(change.get("reason") or "")
        return data


class RiskAssessmentInputSerializer(StrictInputSerializer):
    answers = serializers.DictField(
        child=serializers.ChoiceField(choices=["yes", "no", "not_known"]),
        help_text="Every question key of the current checklist → yes, no or not_known",
    )
    police_callouts = serializers.ListField(child=serializers.DateField(), required=False, default=list)
    judgement_level = serializers.ChoiceField(choices=RiskLevel.choices, required=False, allow_blank=True, default="")
    judgement_reason = serializers.CharField(required=False, allow_blank=True, default="")
    honour_based_abuse = serializers.BooleanField(required=False, default=False)
    step_down_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Needed when the assessment gives a lower level than the referral has now. On an open case "
        "the step-down then waits for a manager's approval, and the case keeps its level until then",
    )

    def validate_police_callouts(self, value: list[Any]) -> list[Any]:
        return _run(validation.clean_callouts, value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        keys = self.context.get("question_keys")
        if keys is None:  # not given by the view: the current checklist's, read only when validating
            keys = [q.key for q in current_checklist().questions.all()]
        errors = validation.answer_errors(keys, attrs["answers"])
        errors |= validation.judgement_errors(attrs["judgement_level"], attrs["judgement_reason"])
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class RiskAssessmentSerializer(ModelSerializer):
    checklist_version = serializers.CharField(source="checklist.version")
    assessed_by = serializers.StringRelatedField()

    class Meta:
        model = RiskAssessment
        fields = [
            "id",
            "checklist_version",
            "answers",
            "police_callouts",
            "judgement_level",
            "judgement_reason",
            "honour_based_abuse",
            "thresholds",
            "yes_count",
            "callouts_in_window",
            "level",
            "reasons",
            "flags",
            "marac_reason",
            "assessed_by",
            "assessed_at",
        ]


class ReasonInputSerializer(StrictInputSerializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class RequiredReasonInputSerializer(ReasonInputSerializer):
    reason = serializers.CharField()


class AcceptInputSerializer(ReasonInputSerializer):
    worker = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.all(),
        required=False,
        help_text="id of the worker to allocate the case to; defaults to the user accepting",
    )


class DuplicateInputSerializer(ReasonInputSerializer):
    duplicate_of = serializers.IntegerField(help_text="id of the earlier referral this one duplicates")


class ManualRouteInputSerializer(StrictInputSerializer):
    provider = serializers.SlugRelatedField(
        slug_field="slug", queryset=Organisation.objects.filter(provides_support=True)
    )
    service = serializers.SlugRelatedField(slug_field="slug", queryset=Service.objects.all())
    reason = serializers.CharField()


class EmptyInputSerializer(StrictInputSerializer):
    pass
