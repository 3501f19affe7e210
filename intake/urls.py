from __future__ import annotations

from django.urls import path

from intake import merge_views, people_views, views

app_name = "intake"
urlpatterns = [
    path("get-help/", views.self_referral_start, name="self-referral"),
    path("get-help/check/", views.self_referral_check, name="self-referral-check"),
    path("get-help/sent/", views.self_referral_sent, name="self-referral-sent"),
    path("get-help/forget/", views.self_referral_forget, name="self-referral-leave"),
    path("get-help/<slug:slug>/", views.self_referral_step, name="self-referral-step"),
    path("partner/referrals/", views.partner_referral_list, name="partner-referrals"),
    path("partner/referrals/new/", views.partner_referral_new, name="partner-referral-new"),
    path("people/<int:pk>/merge/", merge_views.person_merge_page, name="person-merge"),
    path("people/<int:pk>/merge/undo/", merge_views.person_unmerge_page, name="person-unmerge"),
    path("triage/new-referral/candidates/", people_views.referral_candidates, name="referral-candidates"),
]
