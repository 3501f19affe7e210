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
    """A list API view records one access event per request: the referrals of the page it answers with."""

    # For rows that are not referrals (a MARAC case, a sanctuary referral): the attribute naming each row's referral.
    referral_of_row: str | None = None

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        shown = page if page is not None else queryset
        if self.referral_of_row is not None:
            shown = [getattr(row, self.referral_of_row) for row in shown]
        access_record(request=self.request, action=Action.LIST, records=shown)
        return page


class AuditedRetrieveMixin(_ApiView):
    """A retrieve API view records one access event for the record it answers with."""

    def get_object(self) -> Any:
        record = super().get_object()
        access_record(request=self.request, action=Action.VIEW, records=record)
        return record
