from __future__ import annotations

from django.urls import path

from waiting import views

app_name = "waiting"
urlpatterns = [
    path("waiting-list/", views.waiting_list, name="list"),
    path("waiting-list/capacity/", views.capacity, name="capacity"),
    path("waiting-list/capacity/end/", views.capacity_end, name="capacity-end"),
    path("cases/<int:pk>/waiting/", views.case_waiting, name="case"),
    path("cases/<int:pk>/waiting/priority/", views.case_priority, name="priority"),
    path("cases/<int:pk>/waiting/take-on/", views.case_take_on, name="take-on"),
    path("cases/<int:pk>/waiting/withdraw/", views.case_withdraw, name="withdraw"),
]
