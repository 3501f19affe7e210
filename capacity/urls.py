from __future__ import annotations

from django.urls import path

from capacity import views

app_name = "capacity"
urlpatterns = [
    path("gauges/", views.gauges_page, name="gauges"),
    path("marac-dataset/", views.dataset_page, name="dataset"),
    path("marac-dataset.xlsx", views.dataset_workbook, name="dataset-xlsx"),
    path("marac-dataset/<slug:table>.csv", views.dataset_csv, name="dataset-csv"),
    path("populations/", views.populations_page, name="populations"),
    path("posts/", views.posts_page, name="posts"),
    path("posts/end/", views.post_end_page, name="post-end"),
]
