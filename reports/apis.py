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
from reports.selectors import quarterly_return
from reports.serializers import QuarterlyReturnSerializer, ReturnQuerySerializer
from reports.suppression import METHOD
from reports.whole_return import whole_return_tables


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
        ret = quarterly_return(scope, period)
        tables = whole_return_tables(ret)
        body = {
            "scope": ret.scope.label,
            "period": ret.this.period.label,
            "same_period_last_year": ret.last.period.label,
            "suppressed": ret.scope.suppressed,
            "suppression_method": METHOD if ret.scope.suppressed else "",
            "tables": [asdict(table) for table in tables],
        }
        return Response(QuarterlyReturnSerializer(body).data)
