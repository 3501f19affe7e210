from __future__ import annotations

from rest_framework import serializers

from kidas.serializing import Serializer
from reports.serializers import TableSerializer


class MaracQuerySerializer(Serializer):
    marac = serializers.SlugField(
        required=False, help_text="The MARAC's slug, e.g. dover-marac; default: the first you may see."
    )
    period = serializers.CharField(
        required=False, help_text='A financial quarter "2025-26-q1" or year "2025-26"; default: the current quarter.'
    )


class InputSerializer(Serializer):
    figure = serializers.CharField()
    value = serializers.CharField()


class GaugeSerializer(Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    value = serializers.CharField(
        help_text='As shown: "12.3", "+8.0%", "<5" or "not recorded" (never 0 for a missing input).'
    )
    benchmark = serializers.CharField(help_text="The benchmark for the same days; empty where there is none.")
    of_benchmark = serializers.CharField(help_text='"124% of the benchmark", or empty.')
    inputs = InputSerializer(many=True)
    definition = serializers.CharField()
    is_demo = serializers.BooleanField(
        help_text="Built on demo reference data (posts or populations), not real figures."
    )


class _FiguresSerializer(Serializer):
    marac = serializers.CharField()
    period = serializers.CharField()
    same_period_last_year = serializers.CharField()
    figures_as_at = serializers.DateTimeField(
        help_text="When these figures were counted: they are counted again after REPORT_FIGURES_FRESH_FOR seconds "
        "(5 minutes unless the deployment says otherwise), or at once when posts or populations change."
    )
    suppressed = serializers.BooleanField(help_text="Counts are rounded to base 5, and counts of 1 to 4 shown as <5.")
    suppression_method = serializers.CharField(help_text='"rounding to base 5" when suppressed, else empty.')
    uses_demo_data = serializers.BooleanField(help_text="Some figures rest on demo reference data.")
    only_imported = serializers.BooleanField(
        help_text="Every referral of the period came from an import: no hearings recorded."
    )


class CapacityGaugesSerializer(_FiguresSerializer):
    gauges = GaugeSerializer(many=True)


class MaracDatasetSerializer(_FiguresSerializer):
    tables = TableSerializer(many=True)
