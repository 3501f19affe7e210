"""API views: parse with an input serializer, call the same service the page calls, answer with
an output serializer. Domain errors become 400 / 403 / 409 in kidas.api.exception_handler."""

from __future__ import annotations

from datetime import UTC
from typing import Any

import django_filters
from django import forms
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access_trail.access import Action as Access
from access_trail.mixins import AuditedListMixin, AuditedRetrieveMixin
from access_trail.services import access_record
from accounts.auth import signed_in_user
from kidas.api import EMPTY_PARAMETER, ErrorSerializer
from kidas.db.paging import PageByIds
from kidas.filtersets import FixedFormFilterSet
from people.services import SafeContactDetails
from referrals import selectors, services
from referrals.actions import ACTIONS, Action
from referrals.extensions import registered
from referrals.models import Referral, SafeContactCheck
from referrals.safe_contact import QUESTION, safe_contact_confirm
from referrals.serializers import (
    AcceptInputSerializer,
    DuplicateInputSerializer,
    EmptyInputSerializer,
    ManualRouteInputSerializer,
    ReasonInputSerializer,
    ReferralDetailSerializer,
    ReferralInputSerializer,
    ReferralSummarySerializer,
    RequiredReasonInputSerializer,
    RiskAssessmentInputSerializer,
    RiskAssessmentSerializer,
    SafeContactCheckSerializer,
    SafeContactConfirmInputSerializer,
)
from referrals.services import ChildData
from referrals.states import State
from referrals.views import in_deadline_order

ERRORS = {
    400: OpenApiResponse(description="Invalid input: field errors"),
    403: OpenApiResponse(ErrorSerializer, description="Your role may not do this"),
    404: OpenApiResponse(ErrorSerializer, description="No such referral, or not one you may see"),
}
CONFLICT = {
    409: OpenApiResponse(ErrorSerializer, description="Not allowed from the current state, or changed by someone else")
}


class _ReferralFilterForm(forms.Form):
    def clean(self) -> Any:
        # An empty parameter would silently mean "no filter"; the caller meant a value.
        for name in self.fields:
            if self.data.get(name) == "":
                self.add_error(name, EMPTY_PARAMETER)
        return super().clean()

    def clean_received_after(self) -> Any:
        # Any offset Python reads (up to ±24h) but PostgreSQL only takes ±15:59: compare in UTC.
        value = self.cleaned_data.get("received_after")
        return value.astimezone(UTC) if value else value

    def clean_is_repeat(self) -> Any:
        # The widget reads anything it does not know as "no filter"; the caller meant true or false.
        if self.data.get("is_repeat") not in (None, "true", "false", "True", "False", "1", "0"):
            raise forms.ValidationError("Enter true or false.")
        return self.cleaned_data.get("is_repeat")


class ReferralFilter(FixedFormFilterSet):
    state = django_filters.ChoiceFilter(choices=State.choices)
    risk_level = django_filters.CharFilter()
    district = django_filters.CharFilter(field_name="district__slug")
    received_after = django_filters.IsoDateTimeFilter(field_name="received_at", lookup_expr="gte")

    class Meta:
        model = Referral
        fields = ["state", "risk_level", "district", "source", "channel", "is_repeat"]
        form = _ReferralFilterForm


class ReferralListCreateApi(AuditedListMixin, generics.ListAPIView):
    serializer_class = ReferralSummarySerializer
    filterset_class = ReferralFilter
    queryset = Referral.objects.none()  # for the schema only; requests use get_queryset's scoping

    def get_queryset(self) -> Any:
        return selectors.listed(selectors.referrals_visible_to(signed_in_user(self.request))).order_by(
            "-received_at", "-id"
        )

    def paginate_queryset(self, queryset: Any) -> Any:
        # As the page (referrals.views.referral_list): by ids, then rows; a long list gives the planner's estimate.
        return super().paginate_queryset(PageByIds(queryset, estimate=True))

    @extend_schema(request=ReferralInputSerializer, responses={201: ReferralDetailSerializer, **ERRORS})
    def post(self, request: Request) -> Response:
        serializer = ReferralInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        children = [ChildData(**c) for c in data.pop("children", [])]
        choice = data.pop("survivor_choice", None)
        survivor_id = data.pop("survivor", None)
        user = signed_in_user(request)
        survivor = None if survivor_id is None else selectors.survivor_visible_to(user, survivor_id)
        if survivor_id is not None and survivor is None:
            raise ValidationError({"survivor": ["No such person, or not one you may see."]})
        referral = services.referral_create(
            user=user, data=data, children=children, channel="triage", survivor=survivor, survivor_choice=choice
        )
        access_record(request=request, action=Access.CHANGE, records=referral)
        return Response(
            ReferralDetailSerializer(referral, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class TriageQueueApi(AuditedListMixin, generics.ListAPIView):
    """The triage team's queue, as on its page: referrals still to triage, the most urgent deadline first."""

    serializer_class = ReferralSummarySerializer
    filterset_class = ReferralFilter
    queryset = Referral.objects.none()  # for the schema only; requests use get_queryset's scoping

    def get_queryset(self) -> Any:
        # For the triage team: the permission map (config.permissions) refuses anyone else.
        return selectors.listed(selectors.triage_queue(signed_in_user(self.request)))

    def get_serializer_class(self) -> Any:
        # Each row with its deadline: the service levels' row (referrals.extensions), else the summary.
        return registered.deadlines.row_serializer or self.serializer_class

    def paginate_queryset(self, queryset: Any) -> Any:
        return super().paginate_queryset(in_deadline_order(queryset))


class ReferralDetailApi(AuditedRetrieveMixin, generics.RetrieveAPIView):
    serializer_class = ReferralDetailSerializer
    queryset = Referral.objects.none()  # for the schema only; requests use get_queryset's scoping

    def get_queryset(self) -> Any:
        return selectors.as_its_api_shows_it(selectors.referrals_visible_to(signed_in_user(self.request)))


class RiskAssessmentApi(APIView):
    @extend_schema(
        request=RiskAssessmentInputSerializer,
        responses={201: RiskAssessmentSerializer, **ERRORS, **CONFLICT},
        description="Complete the risk checklist. The referral is then routed by the rules in force.",
    )
    def post(self, request: Request, pk: int) -> Response:
        referral = selectors.referral_get_for_user(signed_in_user(request), pk)
        checklist = services.current_checklist()
        serializer = RiskAssessmentInputSerializer(
            data=request.data, context={"question_keys": [q.key for q in checklist.questions.all()]}
        )
        serializer.is_valid(raise_exception=True)
        assessment = services.referral_assess(
            user=signed_in_user(request), referral_id=referral.pk, **serializer.validated_data
        )
        access_record(request=request, action=Access.CHANGE, records=referral)
        return Response(RiskAssessmentSerializer(assessment).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: RiskAssessmentSerializer(many=True), **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        referral = selectors.referral_get_for_user(signed_in_user(request), pk)
        access_record(request=request, action=Access.VIEW, records=referral)
        return Response(
            RiskAssessmentSerializer(referral.assessments.select_related("checklist", "assessed_by"), many=True).data
        )


def _input_serializer(action: Action) -> type:
    return {
        "none": EmptyInputSerializer,
        "duplicate": DuplicateInputSerializer,
        "manual_route": ManualRouteInputSerializer,
        "accept": AcceptInputSerializer,
    }.get(action.inputs) or (RequiredReasonInputSerializer if action.reason == "required" else ReasonInputSerializer)


def action_api(action: Action) -> type[APIView]:
    """One API view per action, generated from the same table as the pages' buttons."""
    input_serializer = _input_serializer(action)

    class ReferralActionApi(APIView):
        @extend_schema(
            operation_id=f"referrals_{action.slug.replace('-', '_')}",
            summary=action.label,
            request=input_serializer,
            responses={200: ReferralDetailSerializer, **ERRORS, **CONFLICT},
        )
        def post(self, request: Request, pk: int) -> Response:
            referral = selectors.referral_get_for_user(signed_in_user(request), pk)
            serializer = input_serializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            # The service's copy is current even when the move takes the referral out of this user's scope.
            updated = action.run(signed_in_user(request), referral.pk, serializer.validated_data)
            access_record(request=request, action=Access.CHANGE, records=referral)
            return Response(ReferralDetailSerializer(updated, context={"request": request}).data)

    ReferralActionApi.__name__ = ReferralActionApi.__qualname__ = (
        "Referral" + "".join(part.title() for part in action.slug.split("-")) + "Api"
    )
    return ReferralActionApi


ACTION_APIS = {slug: action_api(action) for slug, action in ACTIONS.items()}


class SafeContactApi(APIView):
    """Safe-contact details carried over to this referral from her earlier one, and the answer to "Are these
    contact details still safe to use?" (the same service as the referral's page)."""

    @extend_schema(
        responses={200: SafeContactCheckSerializer, **ERRORS},
        description="state 'none' (and the other fields null) when nothing was carried over to this referral.",
    )
    def get(self, request: Request, pk: int) -> Response:
        referral = selectors.referral_get_for_user(signed_in_user(request), pk)
        check = SafeContactCheck.objects.filter(referral=referral).select_related("answered_by").first()
        access_record(request=request, action=Access.VIEW, records=referral, what="Safe contact carried over")
        if check is None:
            nothing = dict.fromkeys(SafeContactCheckSerializer.Meta.fields)
            return Response(nothing | {"state": "none", "question": QUESTION})
        check.referral = referral
        return Response(SafeContactCheckSerializer(check, context={"request": request}).data)

    @extend_schema(
        request=SafeContactConfirmInputSerializer,
        responses={200: SafeContactCheckSerializer, **ERRORS, **CONFLICT},
        description="Answer once: still safe (they become the referral's) or not (the new details given replace "
        "them). Only whoever may see her safe-contact details may answer.",
    )
    def post(self, request: Request, pk: int) -> Response:
        user = signed_in_user(request)
        referral = selectors.referral_get_for_user(user, pk)
        _check_of(referral)
        serializer = SafeContactConfirmInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        still_safe = data.pop("still_safe")
        check = safe_contact_confirm(
            user=user,
            referral_id=referral.pk,
            still_safe=still_safe,
            details=None if still_safe else SafeContactDetails(**data),
        )
        access_record(request=request, action=Access.CHANGE, records=referral)
        return Response(SafeContactCheckSerializer(check, context={"request": request}).data)


def _check_of(referral: Referral) -> SafeContactCheck:
    check = SafeContactCheck.objects.filter(referral=referral).select_related("answered_by").first()
    if check is None:
        raise Http404("No safe-contact details were carried over to this referral")
    check.referral = referral
    return check
