"""The children's service's API: the same services and selectors as the pages. Out of scope is 404 whatever
the body says; a step the case's state does not allow is 409."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access_trail.access import Action
from access_trail.services import access_record
from accommodation import children_service as services
from accommodation import children_service_serializers as s
from accommodation.children_service_selectors import child_case_get_for_user, child_cases_visible_to
from accounts.auth import signed_in_user
from accounts.models import User
from referrals.apis import CONFLICT, ERRORS
from referrals.selectors import referral_get_for_user


def _case_answer(user: User, case_id: int) -> dict[str, Any]:
    case = child_cases_visible_to(user).prefetch_related("goals__scores", "sessions").get(pk=case_id)
    return dict(s.ChildCaseSerializer(case).data)


class ChildReferralCreateApi(APIView):
    @extend_schema(
        operation_id="child_case_refer",
        summary="Refer a child on this case to the children's service (SASS)",
        request=s.ChildReferralInputSerializer,
        responses={201: s.ChildCaseSerializer, **ERRORS, **CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        referral_get_for_user(user, pk)
        data = s.ChildReferralInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        case = services.child_case_refer(user=user, referral_id=pk, child_id=d.pop("child"), **d)
        access_record(request=request, action=Action.CHANGE, records=pk)
        return Response(_case_answer(user, case.pk), status=status.HTTP_201_CREATED)


class ChildCaseListApi(APIView):
    @extend_schema(
        summary="Children's service cases you may see (newest referral first, at most 200)",
        responses={200: s.ChildCaseSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        cases = child_cases_visible_to(signed_in_user(request)).prefetch_related("goals__scores", "sessions")[:200]
        return Response(s.ChildCaseSerializer(cases, many=True).data)


class ChildCaseApi(APIView):
    @extend_schema(
        summary="A child's case with the children's service: goals with their scores, sessions, the clock",
        responses={200: s.ChildCaseSerializer, **ERRORS},
    )
    def get(self, request: Request, case_id: int) -> Response:
        user = signed_in_user(request)
        case = child_case_get_for_user(user, case_id)
        access_record(request=request, action=Action.VIEW, records=case.referral_id)
        return Response(_case_answer(user, case_id))


def child_case_api(
    name: str,
    *,
    summary: str,
    input_serializer: type[serializers.Serializer],
    run: Callable[[User, int, dict[str, Any]], Any],
    created: bool = False,
) -> type[APIView]:
    """A POST that takes one step on one child's case through one service; answers the case."""
    code = status.HTTP_201_CREATED if created else status.HTTP_200_OK

    class ChildCaseStepApi(APIView):
        @extend_schema(
            operation_id=name,
            summary=summary,
            request=input_serializer,
            responses={code: s.ChildCaseSerializer, **ERRORS, **CONFLICT},
        )
        def post(self, request: Request, case_id: int) -> Response:
            user = signed_in_user(request)
            case = child_case_get_for_user(user, case_id)
            data = input_serializer(data=request.data)
            data.is_valid(raise_exception=True)
            run(user, case_id, dict(data.validated_data))
            access_record(request=request, action=Action.CHANGE, records=case.referral_id)
            return Response(_case_answer(user, case_id), status=code)

    ChildCaseStepApi.__name__ = ChildCaseStepApi.__qualname__ = "".join(p.title() for p in name.split("_")) + "Api"
    return ChildCaseStepApi


def _scores(d: dict[str, Any]) -> dict[int, int]:
    return {row["goal"]: row["level"] for row in d["scores"]}


def _goal(u: User, pk: int, d: dict[str, Any]) -> Any:
    levels = {n: d[f] for n, f in zip(range(-2, 3), services.LEVEL_FIELDS, strict=True)}
    return services.child_goal_set(
        user=u, case_id=pk, title=d["title"], levels=levels, baseline=d["baseline"], weight=d["weight"]
    )


ChildStartApi = child_case_api(
    "child_case_start",
    summary="Start the work with the child: the 12-week clock runs from this day",
    input_serializer=s.ChildStartInputSerializer,
    run=lambda u, pk, d: services.child_case_start(
        user=u, case_id=pk, started_on=d["started_on"], worker_id=d.get("worker")
    ),
)
ChildGoalApi = child_case_api(
    "child_goal_set",
    summary="Set a goal with the child: its five levels described, where the child starts, an optional weight",
    input_serializer=s.ChildGoalInputSerializer,
    run=_goal,
    created=True,
)
ChildSessionApi = child_case_api(
    "child_session_log",
    summary="Log a session with the child",
    input_serializer=s.ChildSessionInputSerializer,
    run=lambda u, pk, d: services.child_session_log(user=u, case_id=pk, **d),
    created=True,
)
ChildReviewApi = child_case_api(
    "child_case_review",
    summary="Score every goal at review",
    input_serializer=s.ChildScoresInputSerializer,
    run=lambda u, pk, d: services.child_case_review(user=u, case_id=pk, scored_on=d["scored_on"], scores=_scores(d)),
)
ChildCompleteApi = child_case_api(
    "child_case_complete",
    summary="Score every goal at the end: the work is completed",
    input_serializer=s.ChildScoresInputSerializer,
    run=lambda u, pk, d: services.child_case_complete(user=u, case_id=pk, ended_on=d["scored_on"], scores=_scores(d)),
)
ChildCloseApi = child_case_api(
    "child_case_close",
    summary="Declined or withdrawn before the start, or closed early: with why",
    input_serializer=s.ChildCloseInputSerializer,
    run=lambda u, pk, d: services.child_case_close(user=u, case_id=pk, move=d["move"], reason=d["reason"]),
)
