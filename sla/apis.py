"""API for service levels: my notifications (list, mark read) and the breaches report."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.auth import signed_in_user
from kidas.api import ErrorSerializer, empty_parameters
from kidas.db.paging import PageByIds
from sla import selectors, services
from sla.forms import BreachPeriodForm
from sla.models import Clock, Notification
from sla.selectors import BreachPeriod
from sla.serializers import BreachSerializer, NotificationSerializer


class NotificationListApi(generics.ListAPIView):
    """The signed-in user's notifications, newest first."""

    serializer_class = NotificationSerializer
    queryset = Notification.objects.none()  # for the schema only

    def get_queryset(self) -> Any:
        return selectors.notifications_for(signed_in_user(self.request))


class NotificationReadApi(APIView):
    @extend_schema(
        request=None,
        responses={
            200: NotificationSerializer,
            404: OpenApiResponse(ErrorSerializer, description="No such notification of yours"),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        """Mark one of your notifications read."""
        user = signed_in_user(request)
        selectors.notification_get_for_user(user, pk)
        services.notification_mark_read(user=user, notification_id=pk)
        return Response(NotificationSerializer(selectors.notification_get_for_user(user, pk)).data)


@extend_schema(
    parameters=[
        OpenApiParameter(
            "period",
            str,
            enum=[choice.value for choice in BreachPeriod],
            required=False,
            description="Stages finished late whose deadline fell in the last 3 months (3m, the default), the last "
            "12 months (12m) or at any time (all). Stages open past their deadline are always listed.",
        )
    ]
)
class BreachListApi(generics.ListAPIView):
    """Stages open past their deadline, and stages finished late in a period, scoped to what you may see: the
    same as the breaches page."""

    serializer_class = BreachSerializer
    queryset = Clock.objects.none()  # for the schema only

    def get_queryset(self) -> Any:
        empty = empty_parameters(self.request.query_params)
        if empty:
            raise ValidationError(empty)
        form = BreachPeriodForm(self.request.query_params)
        if not form.is_valid():
            raise ValidationError(
                {field: [str(message) for message in messages] for field, messages in form.errors.items()}
            )
        return selectors.breaches_visible_to(signed_in_user(self.request), period=form.chosen())

    def paginate_queryset(self, queryset: Any) -> Any:
        # Nobody needs every breach counted: a long list gives the planner's estimate (kidas.db.paging).
        in_pages: Any = PageByIds(queryset, rows=lambda found: found.select_related("organisation"), estimate=True)
        return super().paginate_queryset(in_pages)
