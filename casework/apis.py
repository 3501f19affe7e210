"""Casework API: the same services as the pages, one endpoint per action."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.paginator import Page
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access_trail.access import Action
from access_trail.mixins import AuditedListMixin
from access_trail.services import access_record
from accounts.auth import signed_in_user
from casework import selectors, services, step_down
from casework import serializers as s
from casework.models import StepDown
from casework.step_down import pending_step_down
from casework.views import caseload_page_for
from referrals.apis import CONFLICT, ERRORS
from referrals.models import Referral
from referrals.selectors import listed, referral_get_for_user
from referrals.serializers import ReferralSummarySerializer
from referrals.services import AssessmentInput
from sla.current_deadline import DeadlineOrdered
from sla.serializers import QueueRowSerializer


class InboxApi(AuditedListMixin, generics.ListAPIView):
    """Referrals routed to my organisation and waiting to be accepted or declined."""

    serializer_class = QueueRowSerializer
    queryset = Referral.objects.none()

    def get_queryset(self) -> Any:
        return listed(selectors.inbox(signed_in_user(self.request)))

    def paginate_queryset(self, queryset: Any) -> Any:
        return super().paginate_queryset(DeadlineOrdered(queryset))


@extend_schema(
    parameters=[
        OpenApiParameter(name, str, required=False, description=description)
        for name, description in [
            ("state", "accepted or in_support"),
            ("risk_level", "standard, medium or high"),
            ("district", "district id"),
            ("worker", "user id of the allocated worker"),
            ("service", "service slug"),
            ("sort", "received, oldest, risk, name, district or worker"),
        ]
    ]
)
class CaseloadApi(generics.ListAPIView):
    """My open cases; for a manager, the team's. 50 a page, filtered and sorted like the page."""

    serializer_class = s.CaseRowSerializer
    queryset = Referral.objects.none()
    filter_backends: list[type] = []

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Fetched like the page (one round trip) and already plain values: no per-field serializer pass.
        paginator: Any = self.paginator
        paginator.check_page_number(request)  # a bad page number or size is a 400
        page, rows = caseload_rows_for(request, paginator.get_page_size(request))
        return Response(paginator.body(page, request, rows))


def caseload_rows_for(request: Any, page_size: int) -> tuple[Page, list[dict[str, Any]]]:
    """One page of the signed-in user's caseload as the API shows it, recorded in the access trail."""
    page, _ = caseload_page_for(request, page_size)
    return page, selectors.caseload_rows(page.object_list)


class TimelineApi(APIView):
    @extend_schema(responses={200: s.TimelineEventSerializer(many=True), **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        referral = referral_get_for_user(signed_in_user(request), pk)
        access_record(request=request, action=Action.VIEW, records=referral)
        timeline = selectors.case_timeline(referral, signed_in_user(request))
        return Response(s.TimelineEventSerializer(timeline, many=True).data)


class RefugesApi(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("on", date, required=False, description="Day to report (default today)")],
        responses={200: s.RefugeVacancySerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        raw = request.query_params.get("on")
        try:
            on = date.fromisoformat(raw) if raw is not None else timezone.localdate()
        except ValueError:
            raise serializers.ValidationError({"on": ["Enter the date as YYYY-MM-DD"]}) from None
        return Response(
            s.RefugeVacancySerializer(selectors.refuge_vacancies(signed_in_user(request), on), many=True).data
        )


def case_api(
    name: str,
    *,
    summary: str,
    input_serializer: type[serializers.Serializer],
    output_serializer: Any,
    run: Callable[..., Any],
    output: Callable[[Any], Any] | None = None,
) -> type[APIView]:
    """A POST endpoint that validates its input and calls one casework service; it answers with
    `output(result)`, by default the result through `output_serializer`."""
    answer = output or (lambda result: output_serializer(result).data)

    class CaseActionApi(APIView):
        @extend_schema(
            operation_id=name,
            summary=summary,
            request=input_serializer,
            responses={201: output_serializer, **ERRORS, **CONFLICT},
        )
        def post(self, request: Request, pk: int) -> Response:
            user = signed_in_user(request)
            referral_get_for_user(user, pk)  # out of scope is 404 whatever the body says
            serializer = input_serializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            result = run(user, pk, serializer.validated_data)
            access_record(request=request, action=Action.CHANGE, records=pk)
            return Response(answer(result), status=status.HTTP_201_CREATED)

    CaseActionApi.__name__ = CaseActionApi.__qualname__ = "".join(p.title() for p in name.split("_")) + "Api"
    return CaseActionApi


def _reassess(user: Any, pk: int, d: dict[str, Any]) -> dict[str, Any]:
    given = AssessmentInput(
        answers=d["answers"],
        police_callouts=tuple(d["police_callouts"]),
        judgement_level=d["judgement_level"],
        judgement_reason=d["judgement_reason"],
        honour_based_abuse=d["honour_based_abuse"],
    )
    assessment, outcome = services.case_reassess(
        user=user, referral_id=pk, given=given, step_down_reason=d["step_down_reason"]
    )
    referral = assessment.referral
    waiting = pending_step_down(referral)
    return {
        "level": assessment.level,
        "yes_count": assessment.yes_count,
        "reasons": assessment.reasons,
        "outcome": outcome,
        "provider": referral.provider.slug if referral.provider else None,
        "state": referral.state,
        "risk_level": referral.risk_level,
        "step_down": waiting.state if waiting else None,
    }


ContactAttemptApi = case_api(
    "cases_contact_attempt",
    summary=(
        "Log a contact attempt (refused when the method is unsafe or the time is in the future or before the "
        "referral; outside the safe times it needs outside_safe_times_reason)"
    ),
    input_serializer=s.ContactAttemptInputSerializer,
    output_serializer=s.ContactAttemptSerializer,
    run=lambda u, pk, d: services.contact_attempt_log(user=u, referral_id=pk, **d),
)
NoteApi = case_api(
    "cases_note",
    summary="Add a case note",
    input_serializer=s.NoteInputSerializer,
    output_serializer=s.NoteSerializer,
    run=lambda u, pk, d: services.case_note_add(user=u, referral_id=pk, **d),
)
SupportStartApi = case_api(
    "cases_support_start",
    summary="Start a service (refuge with a place)",
    input_serializer=s.SupportStartInputSerializer,
    output_serializer=s.SupportEpisodeSerializer,
    run=lambda u, pk, d: services.support_start(
        user=u,
        referral_id=pk,
        service_id=d["service"].pk,
        started_on=d["started_on"],
        refuge_place_id=d["refuge_place"],
    ),
)
SafetyPlanApi = case_api(
    "cases_safety_plan",
    summary="Record a safety plan with its review date",
    input_serializer=s.SafetyPlanInputSerializer,
    output_serializer=s.SafetyPlanSerializer,
    run=lambda u, pk, d: services.safety_plan_record(user=u, referral_id=pk, **d),
)
ReassessmentApi = case_api(
    "cases_reassessment",
    summary="Reassess risk; stepping up may move the case; stepping down needs a reason and a manager's approval",
    input_serializer=s.ReassessmentInputSerializer,
    output_serializer=s.ReassessmentSerializer,
    output=lambda r: r,
    run=_reassess,
)
TransferApi = case_api(
    "cases_transfer",
    summary="Transfer the case to another provider",
    input_serializer=s.TransferInputSerializer,
    output_serializer=ReferralSummarySerializer,
    run=lambda u, pk, d: services.case_transfer(
        user=u, referral_id=pk, provider_id=d["provider"].pk, service_id=d["service"].pk, reason=d["reason"]
    ),
)
ClosureApi = case_api(
    "cases_closure",
    summary="Close the case with a reason and the outcome measures",
    input_serializer=s.ClosureInputSerializer,
    output_serializer=s.ClosureSerializer,
    run=lambda u, pk, d: services.case_close(user=u, referral_id=pk, **d),
)


class SupportEndApi(APIView):
    @extend_schema(request=s.SupportEndInputSerializer, responses={200: s.SupportEpisodeSerializer, **ERRORS})
    def post(self, request: Request, episode_id: int) -> Response:
        selectors.support_episode_get_for_user(signed_in_user(request), episode_id)
        serializer = s.SupportEndInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        episode = services.support_end(
            user=signed_in_user(request), episode_id=episode_id, ended_on=serializer.validated_data["ended_on"]
        )
        access_record(request=request, action=Action.CHANGE, records=[episode.referral_id])
        return Response(s.SupportEpisodeSerializer(episode).data)


class StepDownsApi(generics.ListAPIView):
    """Step-downs waiting for my approval: pending, on my organisation's cases (provider managers)."""

    serializer_class = s.StepDownSerializer
    queryset = StepDown.objects.none()

    def get_queryset(self) -> Any:
        return step_down.step_downs_waiting_for(signed_in_user(self.request))

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        shown = page if page is not None else queryset
        access_record(request=self.request, action=Action.LIST, records=[w.referral_id for w in shown])
        return page


StepDownApproveApi = case_api(
    "cases_step_down_approve",
    summary="Approve the case's pending step-down (a manager of its provider who did not ask for it)",
    input_serializer=s.StepDownDecisionInputSerializer,
    output_serializer=s.StepDownSerializer,
    run=lambda u, pk, d: step_down.step_down_approve(user=u, referral_id=pk, reason=d["reason"]),
)
StepDownRefuseApi = case_api(
    "cases_step_down_refuse",
    summary="Refuse the case's pending step-down: it keeps its level",
    input_serializer=s.StepDownDecisionInputSerializer,
    output_serializer=s.StepDownSerializer,
    run=lambda u, pk, d: step_down.step_down_refuse(user=u, referral_id=pk, reason=d["reason"]),
)
