from __future__ import annotations

from django.urls import path

from accounts.apis import TokenApi
from intake.apis import PartnerReferralsApi
from referrals import apis

app_name = "api"
urlpatterns = [
    path("auth/token/", TokenApi.as_view(), name="token"),
    path("partner-referrals/", PartnerReferralsApi.as_view(), name="partner-referrals"),
    path("referrals/", apis.ReferralListCreateApi.as_view(), name="referrals"),
    path("referrals/<int:pk>/", apis.ReferralDetailApi.as_view(), name="referral"),
    path("referrals/<int:pk>/risk-assessment/", apis.RiskAssessmentApi.as_view(), name="risk-assessment"),
    *[
        path(f"referrals/<int:pk>/{slug}/", view.as_view(), name=f"referral-{slug}")
        for slug, view in apis.ACTION_APIS.items()
    ],
]
