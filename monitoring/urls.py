from __future__ import annotations

from django.urls import path

from monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("cases/<int:pk>/equality/", views.equality, name="equality"),
    path("cases/<int:pk>/pathways/", views.pathways, name="pathways"),
]
