"""Administrators search the access trail over the API too. Everyone else: 404 (config.permissions)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers

from access_trail.access import AccessEvent
from audit.selectors import access_events
from kidas.db.paging import PageByIds
from kidas.serializing import ModelSerializer


class AccessEventSerializer(ModelSerializer):
    username = serializers.CharField(source="user.username", allow_null=True, default=None)
    organisation = serializers.SlugRelatedField[Any](slug_field="slug", read_only=True)

    class Meta:
        model = AccessEvent
        fields = ["id", "at", "username", "organisation", "action", "referral_ids", "what", "ip"]


@extend_schema(
    parameters=[
        OpenApiParameter("username", str, required=False, description="Events by this user"),
        OpenApiParameter("referral", int, required=False, description="Events touching this referral id"),
    ]
)
class AccessEventListApi(generics.ListAPIView):
    """The access trail, newest first (administrators only)."""

    serializer_class = AccessEventSerializer
    queryset = AccessEvent.objects.none()
    filter_backends: list[type] = []

    def get_queryset(self) -> Any:
        raw = self.request.query_params.get("referral") or ""
        if raw and not raw.isdigit():
            raise serializers.ValidationError({"referral": ["Enter a referral id (a whole number)"]})
        return access_events(
            username=self.request.query_params.get("username", ""), referral_id=int(raw) if raw else None
        )

    def paginate_queryset(self, queryset: Any) -> Any:
        # The trail grows by a row a request: read by ids, then rows, and a long one gives the planner's estimate.
        in_pages: Any = PageByIds(queryset, estimate=True)
        return super().paginate_queryset(in_pages)
