"""MARAC API views: parse with an input serializer, call the same service the page calls, answer with an
output serializer. Everything is found through marac.selectors, so out of scope is 404."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.http import http_date
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access_trail.access import Action
from access_trail.mixins import AuditedListMixin
from access_trail.services import access_record
from accounts.auth import signed_in_user
from kidas.api import ErrorSerializer
from marac import selectors, services
from marac.models import MaracMeeting, MaracReferral
from marac.serializers import (
    ActionStatusInputSerializer,
    AddToAgendaInputSerializer,
    AgendaItemSerializer,
    HearInputSerializer,
    HighRiskCaseSerializer,
    MaracActionInputSerializer,
    MaracActionSerializer,
    MaracCaseSerializer,
    MaracSerializer,
    MeetingDetailSerializer,
    MeetingDetailsInputSerializer,
    MeetingInputSerializer,
    MeetingSerializer,
    MoveInputSerializer,
    QuarterSerializer,
    ResearchInputSerializer,
    ResearchSerializer,
    TakeOffInputSerializer,
)
from marac.stored_quarters import stored_quarters
from referrals.models import Referral
from referrals.restricted import free_text_reader

ERRORS = {
    400: OpenApiResponse(description="Invalid input: field errors"),
    403: OpenApiResponse(ErrorSerializer, description="Your role may not do this"),
    404: OpenApiResponse(ErrorSerializer, description="Not found, or not one you may see"),
}
CONFLICT = {409: OpenApiResponse(ErrorSerializer, description="Already heard, moved or closed")}


class MaracListApi(APIView):
    @extend_schema(responses={200: MaracSerializer(many=True)}, summary="The MARACs you are a member of")
    def get(self, request: Request) -> Response:
        maracs = selectors.maracs_visible_to(signed_in_user(request)).prefetch_related("districts")
        return Response(MaracSerializer(maracs, many=True).data)


@extend_schema(summary="Cases waiting to be heard, oldest first, 50 a page (partner staff: only those on an agenda)")
class HighRiskListApi(AuditedListMixin, generics.ListAPIView):
    serializer_class = HighRiskCaseSerializer
    queryset = MaracReferral.objects.none()  # for the schema only
    filter_backends: list[type] = []
    referral_of_row = "referral_id"

    def get_queryset(self) -> Any:
        user = signed_in_user(self.request)
        return selectors.high_risk_pages(user, selectors.marac_get_for_user(user, self.kwargs["slug"]))


@extend_schema_view(get=extend_schema(summary="A MARAC's meetings, the latest first, 50 a page"))
class MeetingListApi(generics.ListAPIView):
    serializer_class = MeetingSerializer
    queryset = MaracMeeting.objects.none()  # for the schema only
    filter_backends: list[type] = []

    def get_queryset(self) -> Any:
        user = signed_in_user(self.request)
        return selectors.marac_meetings(user, selectors.marac_get_for_user(user, self.kwargs["slug"]))

    @extend_schema(
        request=MeetingInputSerializer,
        responses={201: MeetingSerializer, **ERRORS},
        summary="Schedule a meeting (by default the next one of the MARAC's pattern)",
    )
    def post(self, request: Request, slug: str) -> Response:
        user = signed_in_user(request)
        marac = selectors.marac_get_for_user(user, slug)
        serializer = MeetingInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        details = dict(serializer.validated_data)
        held_on = details.pop("held_on", None)
        if held_on is None:
            meeting = services.meeting_schedule_next(user=user, marac_id=marac.pk, **details)
        else:
            meeting = services.meeting_schedule(user=user, marac_id=marac.pk, held_on=held_on, **details)
        return Response(MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)


def _reading(request: Request, referrals: Iterable[Referral] = ()) -> dict[str, Any]:
    """The serializer context that shows a case's free text as this user may read it, the code words of
    `referrals` (a list's cases) looked up together."""
    return {"reader": free_text_reader(signed_in_user(request), referrals)}


def _meeting_body(request: Request, meeting_id: int) -> dict[str, Any]:
    user = signed_in_user(request)
    meeting = selectors.meeting_get_for_user(user, meeting_id)
    agenda = list(selectors.meeting_agenda(user, meeting))
    access_record(request=request, action=Action.LIST, records=sorted({i.case.referral_id for i in agenda}))
    context = {"agenda": agenda, **_reading(request, (item.case.referral for item in agenda if item.reason))}
    return MeetingDetailSerializer(meeting, context=context).data


class MeetingDetailApi(APIView):
    @extend_schema(responses={200: MeetingDetailSerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return Response(_meeting_body(request, pk))


class MeetingFillApi(APIView):
    @extend_schema(
        request=None,
        responses={200: MeetingDetailSerializer, **ERRORS, **CONFLICT},
        summary="Fill the agenda with waiting cases, repeats first then oldest, up to the case limit",
    )
    def post(self, request: Request, pk: int) -> Response:
        meeting = selectors.meeting_get_for_user(signed_in_user(request), pk)
        services.meeting_agenda_fill(user=signed_in_user(request), meeting_id=meeting.pk)
        return Response(_meeting_body(request, pk))


class MeetingDetailsApi(APIView):
    @extend_schema(
        request=MeetingDetailsInputSerializer,
        responses={200: MeetingSerializer, **ERRORS},
        summary="Set the meeting's start time, venue and chair",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        meeting = selectors.meeting_get_for_user(user, pk)
        serializer = MeetingDetailsInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        updated = services.meeting_details_set(user=user, meeting_id=meeting.pk, **serializer.validated_data)
        return Response(MeetingSerializer(updated).data)


class CaseAddToAgendaApi(APIView):
    @extend_schema(
        request=AddToAgendaInputSerializer,
        responses={201: AgendaItemSerializer, **ERRORS, **CONFLICT},
        summary="Put a waiting case from the high-risk list on a chosen meeting's agenda",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        case = selectors.marac_case_get_for_user(user, pk)
        serializer = AddToAgendaInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        meeting = selectors.meeting_get_for_user(user, serializer.validated_data["meeting"])
        item = services.agenda_item_add(user=user, case_id=case.pk, meeting_id=meeting.pk)
        body = AgendaItemSerializer(selectors.agenda_item_get_for_user(user, item.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)


class AgendaItemTakeOffApi(APIView):
    @extend_schema(
        request=TakeOffInputSerializer,
        responses={200: AgendaItemSerializer, **ERRORS, **CONFLICT},
        summary="Take a case off the agenda, with a reason: it waits on the high-risk list again",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        item = selectors.agenda_item_get_for_user(user, pk)
        serializer = TakeOffInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.agenda_item_take_off(user=user, item_id=item.pk, reason=serializer.validated_data["reason"])
        return Response(AgendaItemSerializer(selectors.agenda_item_get_for_user(user, item.pk)).data)


class AgendaItemMoveApi(APIView):
    @extend_schema(
        request=MoveInputSerializer,
        responses={200: AgendaItemSerializer, **ERRORS, **CONFLICT},
        summary="Move a case to a later meeting, with a reason",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        item = selectors.agenda_item_get_for_user(user, pk)
        serializer = MoveInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        moved = services.agenda_item_move(
            user=user,
            item_id=item.pk,
            to_meeting_id=serializer.validated_data["to_meeting"],
            reason=serializer.validated_data["reason"],
        )
        return Response(
            AgendaItemSerializer(selectors.agenda_item_get_for_user(user, moved.pk), context=_reading(request)).data
        )


class AgendaItemHearApi(APIView):
    @extend_schema(
        request=HearInputSerializer,
        responses={200: AgendaItemSerializer, **ERRORS, **CONFLICT},
        summary="Mark the case heard on the meeting's date",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        item = selectors.agenda_item_get_for_user(user, pk)
        serializer = HearInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.agenda_item_hear(user=user, item_id=item.pk, reason=serializer.validated_data["reason"])
        return Response(
            AgendaItemSerializer(selectors.agenda_item_get_for_user(user, item.pk), context=_reading(request)).data
        )


class MaracCaseApi(APIView):
    @extend_schema(responses={200: MaracCaseSerializer, **ERRORS}, summary="The limited MARAC case view")
    def get(self, request: Request, pk: int) -> Response:
        case = selectors.marac_case_get_for_user(signed_in_user(request), pk)
        access_record(request=request, action=Action.VIEW, records=[case.referral_id])
        return Response(MaracCaseSerializer(case).data)


class ResearchApi(APIView):
    @extend_schema(responses={200: ResearchSerializer(many=True), **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        case = selectors.marac_case_get_for_user(user, pk)
        research = selectors.research_visible_to(user).filter(case=case).select_related("recorded_by")
        return Response(ResearchSerializer(research, many=True, context=_reading(request, [case.referral])).data)

    @extend_schema(
        request=ResearchInputSerializer,
        responses={201: ResearchSerializer, **ERRORS},
        summary="Share (or replace) one agency's research on the case",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        case = selectors.marac_case_get_for_user(user, pk)
        serializer = ResearchInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        research = services.research_record(user=user, case_id=case.pk, **serializer.validated_data)
        return Response(ResearchSerializer(research, context=_reading(request)).data, status=status.HTTP_201_CREATED)


class CaseActionsApi(APIView):
    @extend_schema(responses={200: MaracActionSerializer(many=True), **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        case = selectors.marac_case_get_for_user(user, pk)
        actions = selectors.marac_actions_visible_to(user).filter(case=case).select_related("owner")
        return Response(MaracActionSerializer(actions, many=True, context=_reading(request, [case.referral])).data)

    @extend_schema(
        request=MaracActionInputSerializer,
        responses={201: MaracActionSerializer, **ERRORS},
        summary="Record an action agreed at a meeting",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        case = selectors.marac_case_get_for_user(user, pk)
        serializer = MaracActionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        meeting = selectors.meeting_get_for_user(user, data["meeting"])
        action = services.marac_action_create(
            user=user,
            case_id=case.pk,
            meeting_id=meeting.pk,
            owner=data["owner"],
            person=data["person"],
            description=data["description"],
            due_on=data["due_on"],
        )
        return Response(MaracActionSerializer(action, context=_reading(request)).data, status=status.HTTP_201_CREATED)


class MeetingActionsApi(APIView):
    @extend_schema(responses={200: MaracActionSerializer(many=True), **ERRORS}, summary="A meeting's action list")
    def get(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        meeting = selectors.meeting_get_for_user(user, pk)
        actions = list(selectors.meeting_actions(user, meeting))
        reading = _reading(request, (action.case.referral for action in actions))
        return Response(MaracActionSerializer(actions, many=True, context=reading).data)


class ActionStatusApi(APIView):
    @extend_schema(
        request=ActionStatusInputSerializer,
        responses={200: MaracActionSerializer, **ERRORS, **CONFLICT},
        summary="Close an action: done, not done, or circumstances changed",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        action = selectors.marac_action_get_for_user(user, pk)
        serializer = ActionStatusInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        updated = services.marac_action_set_status(user=user, action_id=action.pk, **serializer.validated_data)
        return Response(MaracActionSerializer(updated, context=_reading(request)).data)


class QuarterlyFiguresApi(APIView):
    @extend_schema(
        responses={200: QuarterSerializer(many=True), **ERRORS},
        summary="Cases heard, repeats and referral sources per financial quarter",
    )
    def get(self, request: Request, slug: str) -> Response:
        user = signed_in_user(request)
        marac = selectors.marac_get_for_user(user, slug)
        figures = stored_quarters(user, marac)
        response = Response(QuarterSerializer(figures.quarters, many=True).data)
        if figures.counted_at:  # when they were counted: a change shows within REPORT_FIGURES_FRESH_FOR seconds
            response["Last-Modified"] = http_date(figures.counted_at.timestamp())
        return response
