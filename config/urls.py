from __future__ import annotations

from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerSplitView

from accounts import views as account_views
from kidas.schema import SchemaView
from referrals import views as referral_views

# Swagger UI (served from our own static files, its script in a file) sets inline styles and data: images.
api_docs = csp_update({"style-src": ["'unsafe-inline'"], "img-src": ["data:"]})(
    SpectacularSwaggerSplitView.as_view(url_name="schema")
)

handler403 = "kidas.views.permission_denied"
handler404 = "kidas.views.page_not_found"
handler500 = "kidas.views.server_error"

urlpatterns = [
    # First, as URLs are tried in order: the API's prefix is its own, and its lists are the busiest.
    path("api/v1/", include("config.api_urls")),
    path("", referral_views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("referrals/", include("referrals.urls")),
    path("cases/", include("casework.urls")),
    path("accommodation/", include("accommodation.urls")),
    path("", include("waiting.urls")),
    path("monitoring/", include("monitoring.urls")),
    path("marac/", include("marac.urls")),
    path("audit/", include("audit.urls")),
    path("", include("intake.urls")),
    path("", include("sla.urls")),
    path("reports/", include("reports.urls")),
    path("capacity/", include("capacity.urls")),
    path("api/schema/", SchemaView.as_view(), name="schema"),
    path("api/docs/", api_docs, name="api-docs"),
    path("admin/login/", account_views.admin_sign_in, name="admin-login"),
    path("admin/", admin.site.urls),
]
