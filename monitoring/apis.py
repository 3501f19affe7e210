"""Monitoring API: the same services, selectors and rules as the pages."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from access_trail.access import Action
from access_trail.services import access_record
from accounts.auth import signed_in_user
from kidas.errors import DomainError, NotPermitted
from monitoring import selectors, services
from monitoring import serializers as s
from monitoring.models import EqualityMonitoring, Hospital, Pathway
from referrals.apis import ERRORS
from referrals.policies import may_record_equality, may_record_pathway
from referrals.selectors import referral_get_for_user


class EqualityApi(APIView):
    @extend_schema(operation_id="referral_equality_read", responses={200: s.EqualitySerializer, **ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        """The survivor's equality monitoring on this referral: the case's own provider, and triage while it holds
        the referral; 403 for anyone else who may see the referral."""
        referral, record = selectors.equality_get_for_user(signed_in_user(request), pk)
        access_record(request=request, action=Action.VIEW, records=referral)
        return Response(s.EqualitySerializer(record or EqualityMonitoring(referral=referral)).data)

    @extend_schema(
        operation_id="referral_equality_record",
        request=s.EqualityInputSerializer,
        responses={200: s.EqualitySerializer, **ERRORS},
    )
    def put(self, request: Request, pk: int) -> Response:
        """Record the answers: every one optional; one left out or "" is not asked."""
        user = signed_in_user(request)
        referral = referral_get_for_user(user, pk)  # out of scope: 404 whatever the body says
        if not may_record_equality(user, referral):
            raise NotPermitted(services.EQUALITY_REFUSED)
        data = s.EqualityInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        record = services.equality_record(user=user, referral_id=pk, answers=dict(data.validated_data))
        access_record(request=request, action=Action.CHANGE, records=pk)
        return Response(s.EqualitySerializer(record).data)


class PathwaysApi(APIView):
    @extend_schema(
        operation_id="referral_pathways_list", responses={200: s.ReferralPathwaySerializer(many=True), **ERRORS}
    )
    def get(self, request: Request, pk: int) -> Response:
        """The case's pathways and the survivor's engagement: the case's own provider."""
        user = signed_in_user(request)
        referral = referral_get_for_user(user, pk)
        if not may_record_pathway(user, referral):
            raise NotPermitted(services.PATHWAY_REFUSED)
        access_record(request=request, action=Action.VIEW, records=referral)
        return Response(s.ReferralPathwaySerializer(selectors.pathways_of(referral), many=True).data)

    @extend_schema(
        operation_id="referral_pathway_record",
        request=s.ReferralPathwayInputSerializer,
        responses={201: s.ReferralPathwaySerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Put the case on a pathway, or update its hospital, date and engagement."""
        user = signed_in_user(request)
        referral = referral_get_for_user(user, pk)  # out of scope: 404 whatever the body says
        if not may_record_pathway(user, referral):
            raise NotPermitted(services.PATHWAY_REFUSED)
        data = s.ReferralPathwayInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        pathway = Pathway.objects.filter(slug=d["pathway"]).first()
        if pathway is None:
            raise DomainError(f"No such pathway: {d['pathway']}.")
        hospital = Hospital.objects.filter(slug=d["hospital"]).first() if d["hospital"] else None
        if d["hospital"] and hospital is None:
            raise DomainError(f"No such hospital: {d['hospital']}.")
        link = services.pathway_record(
            user=user,
            referral_id=pk,
            pathway_id=pathway.pk,
            hospital_id=hospital.pk if hospital else None,
            referred_on=d["referred_on"],
            engagement=d["engagement"],
        )
        access_record(request=request, action=Action.CHANGE, records=pk)
        return Response(s.ReferralPathwaySerializer(link).data, status=status.HTTP_201_CREATED)
