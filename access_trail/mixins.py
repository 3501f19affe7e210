"""API views write the same access events as the pages, through `access_trail.services.access_record`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from access_trail.access import Action
from access_trail.services import access_record

if TYPE_CHECKING:
    from rest_framework.generics import GenericAPIView

    _ApiView = GenericAPIView[Any]  # the views these mix into
else:
    _ApiView = object


class AuditedListMixin(_ApiView):
    """A list API view records one access event per request: the ids of the page it answers with."""

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        access_record(request=self.request, action=Action.LIST, records=page if page is not None else queryset)
        return page


class AuditedRetrieveMixin(_ApiView):
    """A retrieve API view records one access event for the record it answers with."""

    def get_object(self) -> Any:
        record = super().get_object()
        access_record(request=self.request, action=Action.VIEW, records=record)
        return record
