from __future__ import annotations

from django.urls import path

from audit import views

app_name = "audit"
urlpatterns = [
    path("", views.trail_search, name="search"),
    path("cases/<int:pk>/", views.case_trail, name="case-trail"),
    path("cases/<int:pk>/subject-access.json", views.subject_access_download, name="subject-access"),
    path("cases/<int:pk>/correct/", views.correct, name="correct"),
    path("people/<int:pk>/subject-access.json", views.person_subject_access_download, name="person-subject-access"),
]
