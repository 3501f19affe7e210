from __future__ import annotations

from django.urls import path

from sla import views

app_name = "sla"
urlpatterns = [
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notification_read_all, name="notifications-read-all"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification-read"),
    path("breaches/", views.breach_list, name="breaches"),
]
