"""The capacity gauges and the MARAC dataset as JSON: the same scoping, figures and suppression as the
pages and downloads (capacity.access, capacity.tables)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.auth import signed_in_user
from capacity.forms import MaracPickerForm
from capacity.serializers import CapacityGaugesSerializer, MaracDatasetSerializer, MaracQuerySerializer
from capacity.stored import MaracFigures, marac_figures
from capacity.views import picked
from kidas.api import ErrorSerializer, empty_parameters
from reports.suppression import METHOD

RESPONSES: dict[int, Any] = {
    400: OpenApiResponse(description="A period we do not know"),
    403: OpenApiResponse(ErrorSerializer, description="The MARAC dataset is not for your role"),
    404: OpenApiResponse(ErrorSerializer, description="A MARAC we do not know, or one you do not coordinate"),
}


def _figures(request: Request, part: str) -> MaracFigures | Response:
    empty = empty_parameters(request.query_params)
    if empty:
        return Response(empty, status=400)
    result = picked(request.query_params, signed_in_user(request))
    if isinstance(result, MaracPickerForm):
        return Response(result.errors, status=400)
    _, scope, period = result
    return marac_figures(scope, period, part=part)


def _body(figures: MaracFigures) -> dict[str, Any]:
    return {
        "marac": figures.scope.label,
        "period": figures.period.label,
        "same_period_last_year": figures.last_period.label,
        "figures_as_at": figures.counted_at,
        "suppressed": figures.scope.suppressed,
        "suppression_method": METHOD if figures.scope.suppressed else "",
        "uses_demo_data": figures.uses_demo,
        "only_imported": figures.only_imported,
    }


class CapacityGaugesApi(APIView):
    @extend_schema(parameters=[MaracQuerySerializer], responses={200: CapacityGaugesSerializer, **RESPONSES})
    def get(self, request: Request) -> Response:
        """Demand against capacity for a MARAC and period: cases per 10,000 women, referrals per IDVA FTE,
        cases per coordinator FTE, outreach demand against the same period last year; each with its
        benchmark pro rata to the period, its inputs and its definition."""
        figures = _figures(request, "gauges")
        if isinstance(figures, Response):
            return figures
        gauges = [
            {**asdict(gauge), "inputs": [{"figure": label, "value": value} for label, value in gauge.inputs]}
            for gauge in figures.gauges
        ]
        return Response(CapacityGaugesSerializer({**_body(figures), "gauges": gauges}).data)


class MaracDatasetApi(APIView):
    @extend_schema(parameters=[MaracQuerySerializer], responses={200: MaracDatasetSerializer, **RESPONSES})
    def get(self, request: Request) -> Response:
        """The MARAC dataset for a MARAC and period, beside the same period last year, as MARACs report it:
        cases heard, the recommended number for the population, children, repeats, referrals by agency,
        the equality and age columns; with each figure's definition."""
        figures = _figures(request, "tables")
        if isinstance(figures, Response):
            return figures
        tables = [asdict(table) for table in figures.tables]
        return Response(MaracDatasetSerializer({**_body(figures), "tables": tables}).data)
