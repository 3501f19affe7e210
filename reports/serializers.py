from __future__ import annotations

from rest_framework import serializers

from kidas.serializing import Serializer


class ReturnQuerySerializer(Serializer):
    period = serializers.CharField(required=False, help_text='A financial year "2025-26" or quarter "2025-26-q1".')
    area = serializers.SlugField(required=False)
    district = serializers.SlugField(required=False)
    provider = serializers.SlugField(required=False)


class TableSerializer(Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    header = serializers.ListField(child=serializers.CharField())
    rows = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))
    definitions = serializers.ListField(
        child=serializers.ListField(child=serializers.CharField()), help_text="[figure, what it means] pairs"
    )


class QuarterlyReturnSerializer(Serializer):
    scope = serializers.CharField()
    period = serializers.CharField()
    same_period_last_year = serializers.CharField()
    figures_as_at = serializers.DateTimeField(
        help_text="When these figures were counted: they are counted again after REPORT_FIGURES_FRESH_FOR seconds "
        "(5 minutes unless the deployment says otherwise), so a change shows within that time."
    )
    suppressed = serializers.BooleanField(help_text="Counts are rounded to base 5, and counts of 1 to 4 shown as <5.")
    suppression_method = serializers.CharField(help_text='"rounding to base 5" when suppressed, else empty.')
    tables = TableSerializer(many=True)
