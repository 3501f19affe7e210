from __future__ import annotations

from django.urls import path

from waiting import apis

urlpatterns = [
    path("waiting-list/", apis.WaitingListApi.as_view(), name="waiting-list"),
    path("referrals/<int:pk>/waiting/", apis.ReferralWaitingApi.as_view(), name="referral-waiting"),
    path("referrals/<int:pk>/waiting/priority/", apis.WaitingPriorityApi.as_view(), name="referral-waiting-priority"),
    path("referrals/<int:pk>/waiting/take-on/", apis.WaitingTakeOnApi.as_view(), name="referral-waiting-take-on"),
    path("referrals/<int:pk>/waiting/withdraw/", apis.WaitingWithdrawApi.as_view(), name="referral-waiting-withdraw"),
]
