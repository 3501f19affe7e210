from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from referrals import views as referral_views

handler404 = "kidas.views.page_not_found"
handler500 = "kidas.views.server_error"

urlpatterns = [
    path("", referral_views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("referrals/", include("referrals.urls")),
    path("cases/", include("casework.urls")),
    path("marac/", include("marac.urls")),
    path("", include("intake.urls")),
    path("", include("sla.urls")),
    path("api/v1/", include("kidas.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]
