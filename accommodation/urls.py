from __future__ import annotations

from django.urls import path

from accommodation import children_service_urls, views
from accommodation.sanctuary.urls import urlpatterns as sanctuary_urls

app_name = "accommodation"
urlpatterns = [
    path("vacancies/", views.vacancies, name="vacancies"),
    path("refuge-requests/", views.requests_list, name="requests"),
    path("refuge-requests/<int:request_id>/", views.request_detail, name="request"),
    path("refuge-requests/<int:request_id>/decline/", views.request_decline, name="request-decline"),
    path("cases/<int:pk>/refuge-request/", views.request_new, name="request-new"),
    path("stays/<int:episode_id>/leave/", views.stay_leave, name="stay-leave"),
    *sanctuary_urls,
]
urlpatterns += children_service_urls.urlpatterns
