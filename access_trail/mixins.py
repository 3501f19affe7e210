"""API views write the same access events as the pages, through `access_trail.services.access_record`."""

from __future__ import annotations

from typing import Any

from access_trail.access import Action
from access_trail.services import access_record


class AuditedListMixin:
    """A list API view records one access event per request: the ids of the page it answers with."""

    request: Any

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)  # type: ignore[misc]
        access_record(request=self.request, action=Action.LIST, records=page if page is not None else queryset)
        return page


class AuditedRetrieveMixin:
    """A retrieve API view records one access event for the record it answers with."""

    request: Any

    def get_object(self) -> Any:
        record = super().get_object()  # type: ignore[misc]
        access_record(request=self.request, action=Action.VIEW, records=record)
        return record
