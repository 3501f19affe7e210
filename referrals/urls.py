from __future__ import annotations

from django.urls import path

from referrals import arrival_match_views, child_views, safe_contact_views, views

app_name = "referrals"
urlpatterns = [
    path("", views.referral_list, name="list"),
    path("queue/", views.triage_queue, name="queue"),
    path("new/", views.referral_new, name="new"),
    path("<int:pk>/", views.referral_detail, name="detail"),
    path("children/<int:pk>/", child_views.child_detail, name="child"),
    path("<int:pk>/assess/", views.referral_assess, name="assess"),
    path("<int:pk>/who-is-this/", arrival_match_views.arrival_match_page, name="arrival-match"),
    path("<int:pk>/safe-contact/", safe_contact_views.safe_contact_page, name="safe-contact"),
    path("<int:pk>/<slug:slug>/", views.referral_action, name="action"),
]
