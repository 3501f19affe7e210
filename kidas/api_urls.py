from __future__ import annotations

from django.urls import path

from accounts.apis import TokenApi
from referrals import apis
from sla import apis as sla_apis

app_name = "api"
urlpatterns = [
    path("auth/token/", TokenApi.as_view(), name="token"),
    path("referrals/", apis.ReferralListCreateApi.as_view(), name="referrals"),
    path("referrals/<int:pk>/", apis.ReferralDetailApi.as_view(), name="referral"),
    path("referrals/<int:pk>/risk-assessment/", apis.RiskAssessmentApi.as_view(), name="risk-assessment"),
    path("notifications/", sla_apis.NotificationListApi.as_view(), name="notifications"),
    path("notifications/<int:pk>/read/", sla_apis.NotificationReadApi.as_view(), name="notification-read"),
    path("breaches/", sla_apis.BreachListApi.as_view(), name="breaches"),
    *[
        path(f"referrals/<int:pk>/{slug}/", view.as_view(), name=f"referral-{slug}")
        for slug, view in apis.ACTION_APIS.items()
    ],
]
