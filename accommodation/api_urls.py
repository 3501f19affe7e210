from __future__ import annotations

from django.urls import path

from accommodation import apis, children_service_api_urls
from accommodation.sanctuary.api_urls import urlpatterns as sanctuary_api_urls

urlpatterns = [
    path("refuge-vacancies/", apis.VacancyBoardApi.as_view(), name="refuge-vacancies"),
    path("referrals/<int:pk>/refuge-requests/", apis.RefugeRequestCreateApi.as_view(), name="refuge-requests"),
    path("refuge-requests/<int:request_id>/", apis.RefugeRequestApi.as_view(), name="refuge-request"),
    path("refuge-requests/<int:request_id>/answer/", apis.RefugeAnswerApi.as_view(), name="refuge-request-answer"),
    path("refuge-requests/<int:request_id>/decline/", apis.RefugeDeclineApi.as_view(), name="refuge-request-decline"),
    path("refuge-stays/<int:episode_id>/leaving/", apis.RefugeLeavingApi.as_view(), name="refuge-leaving"),
    *sanctuary_api_urls,
]
urlpatterns += children_service_api_urls.urlpatterns
