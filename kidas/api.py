"""Shared API plumbing: one pagination class and one exception handler (the JSON renderer is kidas.renderers), so every endpoint
answers errors in the same JSON shape: {"detail": "..."} or {"field": ["..."]}."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Page
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from kidas.db.paging import ShortListPaginator
from kidas.errors import DomainError, Refused
from kidas.serializing import Serializer


class ErrorSerializer(Serializer):
    """The one error shape every API answer uses ({"detail": "message"}): see exception_handler."""

    detail = serializers.CharField()


class StrictInputSerializer(Serializer):
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
    django_paginator_class = ShortListPaginator  # a list its first page holds is not counted
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
            # A long list is not counted: its count is the planner's estimate (kidas.db.paging), and says so.
            "count_is_estimate": count_is_estimate(page),
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
            "results": results,
        }

    def get_paginated_response(self, data: Any) -> Response:
        return Response(self.body(cast(Page, self.page), self.request, data))  # set by paginate_queryset

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        answer = super().get_paginated_response_schema(schema)
        answer["properties"]["count_is_estimate"] = {
            "type": "boolean",
            "description": "True when `count` is the database planner's estimate of a long list, not a count.",
        }
        answer["required"] = [*answer.get("required", []), "count_is_estimate"]
        return answer


def count_is_estimate(page: Page) -> bool:
    """Whether the page's count is the planner's estimate: said by its paginator (the caseload's) or by the
    sequence it pages (kidas.db.paging)."""
    paginator = page.paginator
    return bool(getattr(paginator, "count_is_estimate", getattr(paginator.object_list, "count_is_estimate", False)))


# The query parameters that only choose a page; any other is a filter or a sort.
PAGING_PARAMS = frozenset({StandardPagination.page_query_param, StandardPagination.page_size_query_param})


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


EMPTY_PARAMETER = "Enter a value, or leave the parameter out."


def empty_parameters(query_params: Mapping[str, str]) -> dict[str, list[str]]:
    """The query's parameters sent empty, each with its message: an empty parameter would silently mean "no
    filter" (or the default), while the caller meant a value. Every list and report API answers 400 with it."""
    return {name: [EMPTY_PARAMETER] for name, value in query_params.items() if value == ""}
