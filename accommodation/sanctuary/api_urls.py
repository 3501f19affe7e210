"""The sanctuary scheme's API, included in accommodation.api_urls (namespace api)."""

from __future__ import annotations

from django.urls import path

from accommodation.sanctuary import apis

urlpatterns = [
    path("sanctuary-measures/", apis.SanctuaryMeasuresApi.as_view(), name="sanctuary-measures"),
    path("sanctuary-referrals/", apis.SanctuaryReferralListApi.as_view(), name="sanctuary-referrals"),
    path(
        "referrals/<int:pk>/sanctuary-referrals/",
        apis.SanctuaryReferralMakeApi.as_view(),
        name="sanctuary-referral-make",
    ),
    path("sanctuary-referrals/<int:sanctuary_id>/", apis.SanctuaryReferralApi.as_view(), name="sanctuary-referral"),
    path(
        "sanctuary-referrals/<int:sanctuary_id>/eligibility/",
        apis.SanctuaryEligibilityApi.as_view(),
        name="sanctuary-eligibility",
    ),
    path(
        "sanctuary-referrals/<int:sanctuary_id>/assessment/",
        apis.SanctuaryAssessmentApi.as_view(),
        name="sanctuary-assessment",
    ),
    path(
        "sanctuary-referrals/<int:sanctuary_id>/installation/",
        apis.SanctuaryInstallationApi.as_view(),
        name="sanctuary-installation",
    ),
    path(
        "sanctuary-referrals/<int:sanctuary_id>/completion/",
        apis.SanctuaryCompletionApi.as_view(),
        name="sanctuary-completion",
    ),
    path("sanctuary-referrals/<int:sanctuary_id>/end/", apis.SanctuaryEndApi.as_view(), name="sanctuary-end"),
]
