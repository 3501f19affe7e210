"""Shared API plumbing: one pagination class and one exception handler, so every endpoint
answers errors in the same JSON shape: {"detail": "..."} or {"field": ["..."]}."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import orjson
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView, set_rollback
from rest_framework.views import exception_handler as drf_exception_handler

from kidas.errors import DomainError, Refused


class ErrorSerializer(serializers.Serializer):
    """The one error shape every API answer uses ({"detail": "message"}): see exception_handler."""

    detail = serializers.CharField()


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

    @classmethod
    def page_size_is_valid(cls, raw: str | None) -> bool:
        return raw is None or (raw.isdigit() and 1 <= int(raw) <= cls.max_page_size)

    @classmethod
    def page_is_valid(cls, raw: str | None) -> bool:
        return raw is None or raw.isdigit() or raw in cls.last_page_strings

    def get_page_size(self, request: Any) -> int | None:
        # DRF falls back to the default for a page_size it cannot read; say so instead.
        if not self.page_size_is_valid(request.query_params.get(self.page_size_query_param)):
            raise serializers.ValidationError(
                {self.page_size_query_param: [f"Enter a whole number from 1 to {self.max_page_size}."]}
            )
        return super().get_page_size(request)

    def get_page_number(self, request: Any, paginator: Any) -> Any:
        self.check_page_number(request)
        return super().get_page_number(request, paginator)

    def check_page_number(self, request: Any) -> None:
        """A page number that is neither a number nor "last" is a 400."""
        if not self.page_is_valid(request.query_params.get(self.page_query_param)):
            raise serializers.ValidationError({self.page_query_param: ["Enter a page number."]})

    def body(self, page: Page, request: Any, results: list[Any]) -> dict[str, Any]:
        """The paginated answer, as get_paginated_response gives it, for a page already fetched."""
        self.page, self.request = page, request
        return {
            "count": page.paginator.count,
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
            "results": results,
        }


# The query parameters that only choose a page; any other is a filter or a sort.
PAGING_PARAMS = frozenset({StandardPagination.page_query_param, StandardPagination.page_size_query_param})

PlainList = Callable[[HttpRequest, int], tuple[Page, list[dict[str, Any]]]]


def with_plain_get(drf_view: type[APIView], plain_list: PlainList) -> Callable[[HttpRequest], HttpResponse]:
    """A list endpoint whose most common request, a GET by a signed-in session with at most a page and a
    page size, is answered without DRF's request, negotiation and rendering machinery, which cost more
    than the rest of such a request. `plain_list(request, page_size)` returns the page and its rows,
    calling the same services as the DRF view. Everything else (API tokens, filters, bad paging, other
    methods, no session) goes to `drf_view`, which answers it in full. The schema documents `drf_view`."""
    answer_in_full = drf_view.as_view()

    @csrf_exempt  # as DRF's own views are: DRF enforces CSRF for session sign-ins itself
    def view(request: HttpRequest) -> HttpResponse:
        params = request.GET
        if (
            request.method != "GET"
            or "HTTP_AUTHORIZATION" in request.META
            or not request.user.is_authenticated
            or not PAGING_PARAMS.issuperset(params)
            or any(len(params.getlist(name)) > 1 for name in params)
            or not StandardPagination.page_is_valid(params.get("page"))
            or not StandardPagination.page_size_is_valid(params.get("page_size"))
        ):
            return answer_in_full(request)
        page_size = int(params.get("page_size") or StandardPagination.page_size)
        page, rows = plain_list(request, page_size)
        response = HttpResponse(
            orjson.dumps(StandardPagination().body(page, request, rows), option=orjson.OPT_UTC_Z),
            content_type="application/json",
        )
        response["Vary"] = "Accept"  # as DRF sets it; the session middleware adds Cookie
        return response

    # What DRF's own as_view() sets, and drf-spectacular reads to document the endpoint.
    vars(view).update(cls=drf_view, initkwargs={})
    return view


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, Refused):
        return Response({"detail": exc.detail}, status=exc.status_code)
    if isinstance(exc, DomainError):
        set_rollback()
        return Response({"detail": exc.message}, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        set_rollback()
        detail = serializers.as_serializer_error(exc)
        return Response(detail, status=400)
    return drf_exception_handler(exc, context)
