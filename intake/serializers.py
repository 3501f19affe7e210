from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from intake.status import PartnerStatus, partner_status
from kidas.serializing import ModelSerializer
from referrals.models import Referral
from referrals.serializers import PERSON_FIELDS, ReferralInputSerializer


class PartnerReferralInputSerializer(ReferralInputSerializer):
    partner_reference = serializers.CharField(
        max_length=100,
        help_text="Your own reference for this referral. Sending the same reference again creates nothing "
        "new: the answer is the referral made the first time (200 instead of 201).",
    )

    class Meta(ReferralInputSerializer.Meta):
        # The time of receipt is ours to record, not the sender's.
        fields = ["partner_reference", *[f for f in PERSON_FIELDS if f != "received_at"], "children"]


class PartnerReferralSerializer(ModelSerializer):
    """What a partner is told: our reference, theirs, and a coarse status. Never the case."""

    reference = serializers.CharField(read_only=True)
    partner_reference = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields = ["reference", "partner_reference", "status", "received_at"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_partner_reference(self, referral: Referral) -> str | None:
        row = getattr(referral, "partner_reference", None)
        return row.reference if row is not None else None

    @extend_schema_field(serializers.ChoiceField(choices=PartnerStatus.choices))
    def get_status(self, referral: Referral) -> str:
        return str(partner_status(referral.state))
