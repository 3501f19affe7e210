"""The partner API: partner systems send referrals with their organisation's API key."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from intake import selectors, services
from intake.authentication import HasPartnerApiKey, PartnerApiKeyAuthentication
from intake.models import PartnerApiKey
from intake.serializers import PartnerReferralInputSerializer, PartnerReferralSerializer
from kidas.api import ErrorSerializer
from referrals.models import Referral
from referrals.services import ChildData

EXAMPLE = OpenApiExample(
    "A police referral",
    request_only=True,
    value={
        "partner_reference": "KENT-POL-2026-004211",
        "first_name": "Jane",
        "last_name": "Example",
        "date_of_birth": "1988-06-14",
        "gender": "woman",
        "postcode": "ME10 3AB",
        "district": "swale",
        "safe_phone": "07700 900456",
        "voicemail_allowed": False,
        "safe_times": "Weekdays 10am to 2pm",
        "code_word": "bluebell",
        "perpetrator_has_phone_access": False,
        "perpetrator_relationship": "ex_partner",
        "perpetrator_lives_with_victim": False,
        "source": "police",
        "referrer_name": "PC 1234 Example",
        "referrer_contact": "01622 000000",
        "consent_given": True,
        "circumstances": "Officers attended after a neighbour called.",
        "children": [{"first_name": "Sam", "date_of_birth": "2019-03-02"}],
    },
)
ANSWER_EXAMPLE = OpenApiExample(
    "Received",
    response_only=True,
    value={
        "reference": "R0000123",
        "partner_reference": "KENT-POL-2026-004211",
        "status": "received",
        "received_at": "2026-11-23T10:15:00Z",
    },
)


class PartnerReferralsApi(generics.ListAPIView):
    """Referrals for partner systems, authenticated by the organisation's API key."""

    authentication_classes = [PartnerApiKeyAuthentication]
    # The map's entry (public: no user) and then the organisation's key.
    permission_classes = [*generics.ListAPIView.permission_classes, HasPartnerApiKey]
    serializer_class = PartnerReferralSerializer
    queryset = Referral.objects.none()  # for the schema only; requests use get_queryset's scoping

    def _api_key(self) -> PartnerApiKey:
        api_key = self.request.auth
        if not isinstance(api_key, PartnerApiKey):  # HasPartnerApiKey lets only a partner's key through
            raise NotAuthenticated("A partner API key is needed")
        return api_key

    def get_queryset(self) -> Any:
        return selectors.partner_referrals_of_organisation(self._api_key().organisation).select_related(
            "partner_reference"
        )

    @extend_schema(
        summary="The referrals your organisation sent, with their coarse status",
        responses={200: PartnerReferralSerializer(many=True), 401: ErrorSerializer},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Send a referral",
        description=(
            "Idempotent by `partner_reference`: the first request creates the referral (201); any later "
            "request with the same reference from your organisation creates nothing and answers with "
            "that referral (200), whatever else it contains."
        ),
        request=PartnerReferralInputSerializer,
        responses={
            201: PartnerReferralSerializer,
            200: OpenApiResponse(PartnerReferralSerializer, description="Already received with this reference"),
            400: OpenApiResponse(description="Invalid input: field errors"),
            401: OpenApiResponse(ErrorSerializer, description="No key, an unknown key or a revoked key"),
        },
        examples=[EXAMPLE, ANSWER_EXAMPLE],
    )
    def post(self, request: Request) -> Response:
        serializer = PartnerReferralInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        reference = data.pop("partner_reference")
        children = [ChildData(**c) for c in data.pop("children", [])]
        referral, created = services.partner_referral_submit(
            organisation=self._api_key().organisation, reference=reference, data=data, children=children
        )
        return Response(
            PartnerReferralSerializer(referral).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )
