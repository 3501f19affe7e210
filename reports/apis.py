"""The quarterly return as JSON: the same scoping, figures and suppression as the page and exports."""

from __future__ import annotations

from dataclasses import asdict

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.auth import signed_in_user
from kidas.api import ErrorSerializer, empty_parameters
from reports.forms import PickerForm
from reports.serializers import QuarterlyReturnSerializer, ReturnQuerySerializer
from reports.stored_returns import whole_return
from reports.suppression import METHOD


class QuarterlyReturnApi(APIView):
    @extend_schema(
        parameters=[ReturnQuerySerializer],
        responses={
            200: QuarterlyReturnSerializer,
            400: OpenApiResponse(description="A period, area, district or provider we do not know"),
            403: OpenApiResponse(ErrorSerializer, description="Reports are not for your role"),
            404: OpenApiResponse(ErrorSerializer, description="Another provider's figures"),
        },
    )
    def get(self, request: Request) -> Response:
        """The quarterly return for a period and area, district or provider, beside the same period last year."""
        user = signed_in_user(request)  # a commissioner, provider manager or administrator (config.permissions)
        # The page's picker sends "" for "all"; an API caller leaves the parameter out instead.
        empty = empty_parameters(request.query_params)
        if empty:
            return Response(empty, status=400)
        form = PickerForm(request.query_params, user=user, default="quarter")
        if not form.is_valid():
            return Response(form.errors, status=400)
        scope, period = form.scope(), form.period_chosen()
        ret = whole_return(scope, period)
        body = {
            "scope": ret.scope.label,
            "period": ret.period.label,
            "same_period_last_year": ret.last_period.label,
            "figures_as_at": ret.counted_at,
            "suppressed": ret.scope.suppressed,
            "suppression_method": METHOD if ret.scope.suppressed else "",
            "tables": [asdict(table) for table in ret.tables],
        }
        return Response(QuarterlyReturnSerializer(body).data)
