"""Safe accommodation API: the same services and selectors as the pages."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access_trail.access import Action
from access_trail.services import access_record
from accommodation import selectors, services
from accommodation import serializers as s
from accommodation.models import RefugeRequest
from accommodation.suitability import Household
from accounts.auth import signed_in_user
from kidas.errors import NotPermitted
from referrals.apis import CONFLICT, ERRORS
from referrals.policies import may_use_vacancy_board
from referrals.selectors import referral_get_for_user


class VacancyBoardApi(APIView):
    @extend_schema(
        summary="Today's free refuge places; with a household, only those that suit it",
        parameters=[s.HouseholdQuerySerializer],
        responses={200: s.VacancySerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        if not may_use_vacancy_board(signed_in_user(request)):
            raise NotPermitted("The vacancy board is for triage and provider staff.")
        query = s.HouseholdQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        d = query.validated_data
        household = None
        if "adults" in d or "children" in d or d["male_survivor"] or d["needs_wheelchair_access"]:
            household = Household(
                d.get("adults", 1), d.get("children", 0), d["male_survivor"], d["needs_wheelchair_access"]
            )
        places = selectors.vacancy_board(timezone.localdate(), household)
        return Response(s.VacancySerializer(places, many=True).data)


class RefugeRequestCreateApi(APIView):
    @extend_schema(
        operation_id="refuge_request_make",
        request=s.RefugeRequestInputSerializer,
        responses={201: s.RefugeRequestSerializer, **ERRORS, **CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        referral_get_for_user(user, pk)  # out of scope is 404 whatever the body says
        data = s.RefugeRequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        made = services.refuge_request_make(user=user, referral_id=pk, refuge_id=d.pop("refuge"), **d)
        access_record(request=request, action=Action.CHANGE, records=pk)
        return Response(s.RefugeRequestSerializer(made).data, status=status.HTTP_201_CREATED)


class RefugeRequestApi(APIView):
    @extend_schema(responses={200: s.RefugeRequestSerializer, **ERRORS})
    def get(self, request: Request, request_id: int) -> Response:
        found = selectors.refuge_request_get_for_user(signed_in_user(request), request_id)
        access_record(request=request, action=Action.VIEW, records=found.referral_id)
        return Response(s.RefugeRequestSerializer(found).data)


def refuge_request_api(
    name: str, *, input_serializer: type[serializers.Serializer], run: Callable[..., RefugeRequest]
) -> type[APIView]:
    """A POST that moves one refuge request through one service; out of scope is 404 whatever the body."""

    class RefugeRequestMoveApi(APIView):
        @extend_schema(
            operation_id=name,
            request=input_serializer,
            responses={200: s.RefugeRequestSerializer, **ERRORS, **CONFLICT},
        )
        def post(self, request: Request, request_id: int) -> Response:
            user = signed_in_user(request)
            selectors.refuge_request_get_for_user(user, request_id)
            data = input_serializer(data=request.data)
            data.is_valid(raise_exception=True)
            moved = run(user, request_id, data.validated_data)
            access_record(request=request, action=Action.CHANGE, records=moved.referral_id)
            return Response(s.RefugeRequestSerializer(moved).data)

    RefugeRequestMoveApi.__name__ = RefugeRequestMoveApi.__qualname__ = (
        "".join(p.title() for p in name.split("_")) + "Api"
    )
    return RefugeRequestMoveApi


RefugeAnswerApi = refuge_request_api(
    "refuge_request_answer",
    input_serializer=s.RefugeAnswerInputSerializer,
    run=lambda u, pk, d: services.refuge_request_answer(
        user=u, request_id=pk, outcome=d["answer"], unsuitable_reason=d["unsuitable_reason"], note=d["note"]
    ),
)
RefugeDeclineApi = refuge_request_api(
    "refuge_request_decline",
    input_serializer=s.RefugeDeclineInputSerializer,
    run=lambda u, pk, d: services.refuge_request_decline(user=u, request_id=pk, note=d["note"]),
)


class RefugeLeavingApi(APIView):
    @extend_schema(
        operation_id="refuge_leaving_record",
        request=s.RefugeLeavingInputSerializer,
        responses={201: s.RefugeLeavingSerializer, **ERRORS},
    )
    def post(self, request: Request, episode_id: int) -> Response:
        selectors.refuge_stay_get_for_user(signed_in_user(request), episode_id)  # out of scope: 404 first
        data = s.RefugeLeavingInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        leaving = services.refuge_leaving_record(
            user=signed_in_user(request), stay_id=episode_id, **data.validated_data
        )
        access_record(request=request, action=Action.CHANGE, records=leaving.stay.referral_id)
        return Response(s.RefugeLeavingSerializer(leaving).data, status=status.HTTP_201_CREATED)
