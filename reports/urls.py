from __future__ import annotations

from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("return/", views.quarterly_return_page, name="return"),
    path("return.xlsx", views.return_workbook, name="return-xlsx"),
    path("return/<slug:table>.csv", views.return_csv, name="return-csv"),
    path("imports/", views.import_list, name="imports"),
    path("imports/template.csv", views.import_template, name="import-template"),
    path("imports/<int:pk>/", views.import_detail, name="import"),
    path("imports/<int:pk>/progress/", views.import_progress, name="import-progress"),
]
