"""Waiting list API: the same services and selectors as the pages."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access_trail.access import Action
from access_trail.services import access_record
from accounts.auth import signed_in_user
from referrals.apis import CONFLICT, ERRORS
from referrals.selectors import referral_get_for_user
from waiting import selectors, services
from waiting import serializers as s


class WaitingListApi(APIView):
    @extend_schema(
        summary="Referrals waiting now: priority not set first, then A, B, C; the longest waiting first",
        responses={200: s.WaitingEntrySerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        entries = list(selectors.waiting_list_for(signed_in_user(request)))
        access_record(
            request=request, action=Action.VIEW, records=[e.referral_id for e in entries], what="waiting list"
        )
        return Response(s.WaitingEntrySerializer(entries, many=True).data)


class ReferralWaitingApi(APIView):
    @extend_schema(
        summary="A referral's entries on waiting lists, the latest first",
        responses={200: s.WaitingEntryDetailSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        referral_get_for_user(user, pk)
        entries = selectors.entries_of_referral(user, pk)
        access_record(request=request, action=Action.VIEW, records=pk, what="waiting list")
        return Response(s.WaitingEntryDetailSerializer(entries, many=True).data)

    @extend_schema(
        operation_id="waiting_add",
        summary="Put a referral routed to your provider on its waiting list; the referrer is told",
        request=s.WaitingAddInputSerializer,
        responses={201: s.WaitingEntryDetailSerializer, **ERRORS, **CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        referral_get_for_user(user, pk)  # out of scope is 404 whatever the body says
        data = s.WaitingAddInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        entry = services.waiting_add(
            user=user, referral_id=pk, priority=d["priority"], why=d["why"], priority_reason=d["priority_reason"]
        )
        access_record(request=request, action=Action.CHANGE, records=pk)
        return Response(s.WaitingEntryDetailSerializer(entry).data, status=status.HTTP_201_CREATED)


class WaitingPriorityApi(APIView):
    @extend_schema(
        operation_id="waiting_set_priority",
        request=s.PriorityInputSerializer,
        responses={200: s.WaitingEntryDetailSerializer, **ERRORS, **CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        referral_get_for_user(user, pk)
        data = s.PriorityInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        entry = services.waiting_set_priority(
            user=user, referral_id=pk, priority=d["priority"], reason=d["priority_reason"]
        )
        access_record(request=request, action=Action.CHANGE, records=pk)
        return Response(s.WaitingEntryDetailSerializer(entry).data)


class WaitingTakeOnApi(APIView):
    @extend_schema(
        operation_id="waiting_take_on",
        request=s.TakeOnInputSerializer,
        responses={200: s.WaitingEntryDetailSerializer, **ERRORS, **CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        referral_get_for_user(user, pk)
        data = s.TakeOnInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.waiting_take_on(user=user, referral_id=pk, worker_id=data.validated_data["worker"])
        access_record(request=request, action=Action.CHANGE, records=pk)
        return Response(s.WaitingEntryDetailSerializer(entry).data)


class WaitingWithdrawApi(APIView):
    @extend_schema(
        operation_id="waiting_withdraw",
        request=s.WithdrawInputSerializer,
        responses={200: s.WaitingEntryDetailSerializer, **ERRORS, **CONFLICT},
    )
    def post(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        referral_get_for_user(user, pk)
        data = s.WithdrawInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.waiting_withdraw(user=user, referral_id=pk, reason=data.validated_data["reason"])
        access_record(request=request, action=Action.CHANGE, records=pk)
        return Response(s.WaitingEntryDetailSerializer(entry).data)
