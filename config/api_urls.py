from __future__ import annotations

from django.db import transaction
from django.urls import include, path

from accounts.apis import TokenApi
from audit.apis import AccessEventListApi
from casework import apis as casework_apis
from intake.apis import PartnerReferralsApi
from intake.people_apis import PeopleSearchApi, PersonDetailApi
from referrals import apis
from reports.apis import QuarterlyReturnApi
from sla import apis as sla_apis

app_name = "api"
urlpatterns = [
    # First, as URLs are tried in order: the busiest list. Read-only: no transaction round trips.
    path("caseload/", transaction.non_atomic_requests(casework_apis.CaseloadApi.as_view()), name="caseload"),
    path("auth/token/", TokenApi.as_view(), name="token"),
    path("audit/access-events/", AccessEventListApi.as_view(), name="access-events"),
    path("partner-referrals/", PartnerReferralsApi.as_view(), name="partner-referrals"),
    path("referrals/", apis.ReferralListCreateApi.as_view(), name="referrals"),
    path("triage-queue/", apis.TriageQueueApi.as_view(), name="triage-queue"),
    path("referrals/<int:pk>/", apis.ReferralDetailApi.as_view(), name="referral"),
    path("people/", PeopleSearchApi.as_view(), name="people"),
    path("people/<int:pk>/", PersonDetailApi.as_view(), name="person"),
    path("referrals/<int:pk>/risk-assessment/", apis.RiskAssessmentApi.as_view(), name="risk-assessment"),
    path("referrals/<int:pk>/safe-contact/", apis.SafeContactApi.as_view(), name="safe-contact"),
    path("", include("marac.api_urls")),
    path("", include("accommodation.api_urls")),
    path("", include("capacity.api_urls")),
    path("", include("waiting.api_urls")),
    path("", include("monitoring.api_urls")),
    path("notifications/", sla_apis.NotificationListApi.as_view(), name="notifications"),
    path("notifications/<int:pk>/read/", sla_apis.NotificationReadApi.as_view(), name="notification-read"),
    path("breaches/", sla_apis.BreachListApi.as_view(), name="breaches"),
    path("reports/return/", QuarterlyReturnApi.as_view(), name="quarterly-return"),
    *[
        path(f"referrals/<int:pk>/{slug}/", view.as_view(), name=f"referral-{slug}")
        for slug, view in apis.ACTION_APIS.items()
    ],
    path("inbox/", casework_apis.InboxApi.as_view(), name="inbox"),
    path("refuges/", casework_apis.RefugesApi.as_view(), name="refuges"),
    path("referrals/<int:pk>/timeline/", casework_apis.TimelineApi.as_view(), name="timeline"),
    path("referrals/<int:pk>/contact-attempts/", casework_apis.ContactAttemptApi.as_view(), name="contact-attempts"),
    path("referrals/<int:pk>/notes/", casework_apis.NoteApi.as_view(), name="notes"),
    path("referrals/<int:pk>/support/", casework_apis.SupportStartApi.as_view(), name="support"),
    path("referrals/<int:pk>/safety-plan/", casework_apis.SafetyPlanApi.as_view(), name="safety-plan"),
    path("referrals/<int:pk>/reassessment/", casework_apis.ReassessmentApi.as_view(), name="reassessment"),
    path("referrals/<int:pk>/transfer/", casework_apis.TransferApi.as_view(), name="transfer"),
    path("referrals/<int:pk>/closure/", casework_apis.ClosureApi.as_view(), name="closure"),
    path("step-downs/", casework_apis.StepDownsApi.as_view(), name="step-downs"),
    path(
        "referrals/<int:pk>/step-down/approve/",
        casework_apis.StepDownApproveApi.as_view(),
        name="step-down-approve",
    ),
    path("referrals/<int:pk>/step-down/refuse/", casework_apis.StepDownRefuseApi.as_view(), name="step-down-refuse"),
    path("support/<int:episode_id>/end/", casework_apis.SupportEndApi.as_view(), name="support-end"),
]
