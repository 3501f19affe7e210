from __future__ import annotations

from django.urls import path

from capacity import apis

urlpatterns = [
    path("capacity/gauges/", apis.CapacityGaugesApi.as_view(), name="capacity-gauges"),
    path("capacity/marac-dataset/", apis.MaracDatasetApi.as_view(), name="marac-dataset"),
]
