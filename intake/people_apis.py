"""The people API: search (the candidates for a person being typed in) and one person, scoped like
referrals (a person is visible to whoever can see one of their referrals; anyone else gets 404)."""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access_trail.access import Action as Access
from access_trail.services import access_record
from accounts.auth import signed_in_user
from intake.people import KnownPerson, known_people_like, people_visible_to, person_referrals_visible_to
from kidas.api import ErrorSerializer
from kidas.serializing import ModelSerializer, Serializer
from people.models import Person
from referrals.models import referral_reference
from referrals.normalise import InvalidValue, normalise_phone, normalise_postcode


class PersonSerializer(ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "given_name", "family_name", "date_of_birth", "gender", "pronouns"]


class OpenCaseSerializer(Serializer):
    reference = serializers.CharField()
    state = serializers.CharField()
    provider = serializers.CharField(source="provider.name", allow_null=True, default=None)
    worker = serializers.CharField(source="allocated_worker.get_full_name", allow_null=True, default=None)


class PersonMaracListingSerializer(Serializer):
    marac = serializers.CharField()
    listed_on = serializers.DateField()
    is_repeat = serializers.BooleanField()


class CandidateSerializer(Serializer):
    person = PersonSerializer(source="candidate.person")
    score = serializers.IntegerField(source="candidate.score", help_text="0 to 100: how alike")
    reasons = serializers.ListField(child=serializers.CharField(), source="candidate.reasons")
    open_case = OpenCaseSerializer(allow_null=True)
    last_risk_level = serializers.CharField()
    marac_history = PersonMaracListingSerializer(many=True)


class PersonSearchSerializer(Serializer):
    given_name = serializers.CharField(required=False, default="", allow_blank=True, max_length=80)
    family_name = serializers.CharField(required=False, default="", allow_blank=True, max_length=80)
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    postcode = serializers.CharField(required=False, default="", allow_blank=True, max_length=10)
    phone = serializers.CharField(required=False, default="", allow_blank=True, max_length=30)
    email = serializers.EmailField(required=False, default="", allow_blank=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        try:
            attrs["postcode"] = normalise_postcode(attrs["postcode"])
            attrs["phone"] = normalise_phone(attrs["phone"])
        except InvalidValue as exc:
            raise serializers.ValidationError(str(exc)) from exc
        if not any(attrs.values()):
            raise serializers.ValidationError("Give a name, date of birth, phone number or email to search for.")
        return attrs


class PersonDetailSerializer(PersonSerializer):
    referrals = serializers.SerializerMethodField()
    safe_contact_confirmed_on = serializers.DateField(
        allow_null=True,
        read_only=True,
        help_text="When her safe-contact details were last confirmed safe (null: she has none, or they were never "
        "confirmed). A referral they were carried over to says whether they are confirmed for it (its "
        "safe_contact_check)",
    )

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "referrals", "safe_contact_confirmed_on"]

    def get_referrals(self, person: Person) -> list[str]:
        return [referral_reference(referral_id) for referral_id in self.context["referrals"]]


class PeopleSearchApi(APIView):
    @extend_schema(
        parameters=[PersonSearchSerializer],
        responses={
            200: CandidateSerializer(many=True),
            400: OpenApiResponse(description="Invalid input: field errors"),
        },
        description="The people already known who may be the one being typed in, best first, each scored and "
        "explained, with their open case, MARAC history and last risk level. Only people the caller may see.",
    )
    def get(self, request: Request) -> Response:
        query = PersonSearchSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        user = signed_in_user(request)
        known: list[KnownPerson] = known_people_like(user, **query.validated_data)
        return Response(CandidateSerializer(known, many=True).data)


class PersonDetailApi(APIView):
    @extend_schema(responses={200: PersonDetailSerializer, 404: ErrorSerializer})
    def get(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        # Read with her: when her safe-contact details were last confirmed (a one-to-one row, if she has any).
        confirmed_on = F("safe_contact__confirmed_safe_on")
        person = people_visible_to(user).filter(pk=pk).annotate(safe_contact_confirmed_on=confirmed_on).first()
        if person is None:
            raise Http404
        # Only their references are shown (and their ids recorded as read): not the referrals' records.
        referrals = list(person_referrals_visible_to(user, person).values_list("pk", flat=True))
        access_record(request=request, action=Access.VIEW, records=referrals, what=f"person {person.pk}")
        return Response(PersonDetailSerializer(person, context={"referrals": referrals}).data)
