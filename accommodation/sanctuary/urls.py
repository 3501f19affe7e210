"""The sanctuary scheme's pages, included in accommodation.urls (namespace accommodation)."""

from __future__ import annotations

from django.urls import path

from accommodation.sanctuary import views

urlpatterns = [
    path("sanctuary/", views.sanctuary_list, name="sanctuary-list"),
    path("cases/<int:pk>/sanctuary/", views.sanctuary_new, name="sanctuary-new"),
    path("sanctuary/<int:sanctuary_id>/", views.sanctuary_detail, name="sanctuary"),
    path("sanctuary/<int:sanctuary_id>/eligibility/", views.sanctuary_eligibility, name="sanctuary-eligibility"),
    path("sanctuary/<int:sanctuary_id>/assessment/", views.sanctuary_assessment, name="sanctuary-assessment"),
    path("sanctuary/<int:sanctuary_id>/installation/", views.sanctuary_installation, name="sanctuary-installation"),
    path("sanctuary/<int:sanctuary_id>/complete/", views.sanctuary_complete, name="sanctuary-complete"),
    path("sanctuary/<int:sanctuary_id>/end/", views.sanctuary_end, name="sanctuary-end"),
]
