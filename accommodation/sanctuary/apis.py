"""The sanctuary scheme's API: the same services and selectors as the pages; out of scope is 404 whatever
the body says, bad input 400, not theirs to do 403, not possible in this state 409."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access_trail.access import Action
from access_trail.mixins import AuditedListMixin
from access_trail.services import access_record
from accommodation.sanctuary import selectors, services
from accommodation.sanctuary import serializers as s
from accommodation.sanctuary.models import SanctuaryReferral
from accounts.auth import signed_in_user
from accounts.models import User
from kidas.api import empty_parameters
from kidas.db.paging import PageByIds
from referrals.apis import CONFLICT, ERRORS
from referrals.selectors import referral_get_for_user


def _shown(found: SanctuaryReferral) -> dict[str, Any]:
    fresh = selectors.sanctuary_referrals_visible_to_all().get(pk=found.pk)
    return dict(s.SanctuaryReferralSerializer(fresh).data)


class SanctuaryMeasuresApi(APIView):
    @extend_schema(
        summary="The security measures the sanctuary scheme can install",
        responses={200: s.MeasureSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        return Response(s.MeasureSerializer(selectors.measures_offered(), many=True).data)


@extend_schema(
    summary="Sanctuary referrals you may see, newest first, as the list page shows them",
    parameters=[s.SanctuaryListQuerySerializer],
    responses={200: s.SanctuaryRowSerializer(many=True), **ERRORS},
)
class SanctuaryReferralListApi(AuditedListMixin, generics.ListAPIView):
    """The list page's scope and filters (accommodation.sanctuary.selectors.sanctuary_referrals_listed), in pages
    of the API's size; each page is written in the access trail by its survivors' cases."""

    serializer_class = s.SanctuaryRowSerializer
    queryset = SanctuaryReferral.objects.none()  # for the schema only; requests use get_queryset's scoping
    filter_backends: list[type] = []
    referral_of_row = "referral_id"

    def get_queryset(self) -> Any:
        empty = empty_parameters(self.request.query_params)
        if empty:
            raise ValidationError(empty)
        query = s.SanctuaryListQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.sanctuary_referrals_listed(signed_in_user(self.request), **query.validated_data)

    def paginate_queryset(self, queryset: Any) -> Any:
        in_pages: Any = PageByIds(queryset)
        return super().paginate_queryset(in_pages)


class SanctuaryReferralMakeApi(APIView):
    @extend_schema(
        operation_id="sanctuary_referral_make",
        summary="Refer the case's household to the sanctuary scheme (SAFER)",
        request=s.SanctuaryReferralInputSerializer,
        responses={201: s.SanctuaryReferralSerializer, **ERRORS, **CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        referral_get_for_user(user, pk)  # out of scope is 404 whatever the body says
        data = s.SanctuaryReferralInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        made = services.sanctuary_referral_make(user=user, referral_id=pk, provider_id=d["provider"], note=d["note"])
        access_record(request=request, action=Action.CHANGE, records=pk)
        return Response(_shown(made), status=status.HTTP_201_CREATED)


class SanctuaryReferralApi(APIView):
    @extend_schema(
        summary="A sanctuary referral, its steps and who took them",
        responses={200: s.SanctuaryReferralSerializer, **ERRORS},
    )
    def get(self, request: Request, sanctuary_id: int) -> Response:
        found = selectors.sanctuary_referral_get_for_user(signed_in_user(request), sanctuary_id)
        access_record(request=request, action=Action.VIEW, records=found.referral_id)
        return Response(_shown(found))


def sanctuary_step_api(
    name: str,
    summary: str,
    *,
    input_serializer: type[serializers.Serializer],
    run: Callable[[User, int, dict[str, Any]], SanctuaryReferral],
) -> type[APIView]:
    """A POST that moves one sanctuary referral through one service."""

    class SanctuaryStepApi(APIView):
        @extend_schema(
            operation_id=name,
            summary=summary,
            request=input_serializer,
            responses={200: s.SanctuaryReferralSerializer, **ERRORS, **CONFLICT},
        )
        def post(self, request: Request, sanctuary_id: int) -> Response:
            user = signed_in_user(request)
            selectors.sanctuary_referral_get_for_user(user, sanctuary_id)
            data = input_serializer(data=request.data)
            data.is_valid(raise_exception=True)
            moved = run(user, sanctuary_id, dict(data.validated_data))
            access_record(request=request, action=Action.CHANGE, records=moved.referral_id)
            return Response(_shown(moved))

    SanctuaryStepApi.__name__ = SanctuaryStepApi.__qualname__ = "".join(p.title() for p in name.split("_")) + "Api"
    return SanctuaryStepApi


class SanctuaryEligibilityApi(APIView):
    @extend_schema(
        operation_id="sanctuary_eligibility_record",
        summary="Record the eligibility answers: eligible moves on, not eligible ends it, not known waits",
        request=s.EligibilityInputSerializer,
        responses={200: s.EligibilityOutputSerializer, **ERRORS, **CONFLICT},
    )
    def post(self, request: Request, sanctuary_id: int) -> Response:
        user = signed_in_user(request)
        selectors.sanctuary_referral_get_for_user(user, sanctuary_id)
        data = s.EligibilityInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        recorded, found = services.sanctuary_eligibility_record(
            user=user, sanctuary_id=sanctuary_id, **data.validated_data
        )
        access_record(request=request, action=Action.CHANGE, records=recorded.referral_id)
        return Response(
            {"decision": found.decision.value, "explanation": found.explain(), "sanctuary_referral": _shown(recorded)}
        )


SanctuaryAssessmentApi = sanctuary_step_api(
    "sanctuary_assessment_record",
    "Record the property assessment (date, notes; who is the caller)",
    input_serializer=s.AssessmentInputSerializer,
    run=lambda u, pk, d: services.sanctuary_assessment_record(
        user=u, sanctuary_id=pk, assessed_on=d["assessed_on"], notes=d["notes"]
    ),
)
SanctuaryInstallationApi = sanctuary_step_api(
    "sanctuary_installation_record",
    "Record the measures installed (ids from the measures list) and the day",
    input_serializer=s.InstallationInputSerializer,
    run=lambda u, pk, d: services.sanctuary_installation_record(
        user=u, sanctuary_id=pk, installed_on=d["installed_on"], measure_ids=d["measures"]
    ),
)
SanctuaryCompletionApi = sanctuary_step_api(
    "sanctuary_complete",
    "Complete the sanctuary scheme for this household",
    input_serializer=s.CompletionInputSerializer,
    run=lambda u, pk, d: services.sanctuary_complete(user=u, sanctuary_id=pk, completed_on=d["completed_on"]),
)
SanctuaryEndApi = sanctuary_step_api(
    "sanctuary_end",
    "The survivor declined, or the referral is withdrawn, with why",
    input_serializer=s.EndInputSerializer,
    run=lambda u, pk, d: services.sanctuary_end(user=u, sanctuary_id=pk, outcome=d["ending"], reason=d["reason"]),
)
