from __future__ import annotations

from django.urls import path

from monitoring import apis

urlpatterns = [
    path("referrals/<int:pk>/equality/", apis.EqualityApi.as_view(), name="referral-equality"),
    path("referrals/<int:pk>/pathways/", apis.PathwaysApi.as_view(), name="referral-pathways"),
]
