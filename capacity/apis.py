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
from capacity.access import MaracScope
from capacity.forms import MaracPickerForm
from capacity.selectors import MaracInputs
from capacity.serializers import CapacityGaugesSerializer, MaracDatasetSerializer, MaracQuerySerializer
from capacity.tables import capacity_gauges, dataset_tables, uses_demo
from capacity.views import picked
from kidas.api import ErrorSerializer, empty_parameters
from reports.suppression import METHOD

RESPONSES: dict[int, Any] = {
    400: OpenApiResponse(description="A period we do not know"),
    403: OpenApiResponse(ErrorSerializer, description="The MARAC dataset is not for your role"),
    404: OpenApiResponse(ErrorSerializer, description="A MARAC we do not know, or one you do not coordinate"),
}


def _inputs(request: Request) -> tuple[MaracScope, MaracInputs] | Response:
    empty = empty_parameters(request.query_params)
    if empty:
        return Response(empty, status=400)
    result = picked(request.query_params, signed_in_user(request))
    if isinstance(result, MaracPickerForm):
        return Response(result.errors, status=400)
    _, scope, _, inputs = result
    return scope, inputs


def _body(scope: MaracScope, inputs: MaracInputs) -> dict[str, Any]:
    return {
        "marac": scope.label,
        "period": inputs.this.period.label,
        "same_period_last_year": inputs.last.period.label,
        "suppressed": scope.suppressed,
        "suppression_method": METHOD if scope.suppressed else "",
        "uses_demo_data": uses_demo(scope, inputs),
        "only_imported": inputs.this.only_imported,
    }


class CapacityGaugesApi(APIView):
    @extend_schema(parameters=[MaracQuerySerializer], responses={200: CapacityGaugesSerializer, **RESPONSES})
    def get(self, request: Request) -> Response:
        """Demand against capacity for a MARAC and period: cases per 10,000 women, referrals per IDVA FTE,
        cases per coordinator FTE, outreach demand against the same period last year; each with its
        benchmark pro rata to the period, its inputs and its definition."""
        result = _inputs(request)
        if isinstance(result, Response):
            return result
        scope, inputs = result
        gauges = [
            {**asdict(gauge), "inputs": [{"figure": label, "value": value} for label, value in gauge.inputs]}
            for gauge in capacity_gauges(scope, inputs)
        ]
        return Response(CapacityGaugesSerializer({**_body(scope, inputs), "gauges": gauges}).data)


class MaracDatasetApi(APIView):
    @extend_schema(parameters=[MaracQuerySerializer], responses={200: MaracDatasetSerializer, **RESPONSES})
    def get(self, request: Request) -> Response:
        """The MARAC dataset for a MARAC and period, beside the same period last year, as MARACs report it:
        cases heard, the recommended number for the population, children, repeats, referrals by agency,
        the equality and age columns; with each figure's definition."""
        result = _inputs(request)
        if isinstance(result, Response):
            return result
        scope, inputs = result
        tables = [asdict(table) for table in dataset_tables(scope, inputs)]
        return Response(MaracDatasetSerializer({**_body(scope, inputs), "tables": tables}).data)
