"""Shared API plumbing: one pagination class and one exception handler, so every endpoint
answers errors in the same JSON shape: {"detail": "..."} or {"field": ["..."]}."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from kidas.errors import DomainError


class StrictInputSerializer(serializers.Serializer):
    """Base of every API input serializer: a field the endpoint does not take is a 400 naming it.
    DRF drops unknown fields silently, so a misspelt field ("safe_phon") would otherwise be lost
    without the caller knowing."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            accepted = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(str(key) for key in data if key not in accepted)
            if unknown:
                raise serializers.ValidationError({key: ["This field is not accepted here."] for key in unknown})
        return super().to_internal_value(data)


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request: Any) -> int | None:
        # DRF falls back to the default for a page_size it cannot read; say so instead.
        raw = request.query_params.get(self.page_size_query_param)
        if raw is not None and not (raw.isdigit() and 1 <= int(raw) <= self.max_page_size):
            raise serializers.ValidationError(
                {self.page_size_query_param: [f"Enter a whole number from 1 to {self.max_page_size}."]}
            )
        return super().get_page_size(request)

    def get_page_number(self, request: Any, paginator: Any) -> Any:
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and not (raw.isdigit() or raw in self.last_page_strings):
            raise serializers.ValidationError({self.page_query_param: ["Enter a page number."]})
        return super().get_page_number(request, paginator)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        set_rollback()
        return Response({"detail": exc.message}, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        set_rollback()
        detail = serializers.as_serializer_error(exc)
        return Response(detail, status=400)
    return drf_exception_handler(exc, context)
