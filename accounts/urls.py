from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Everything under two-factor/ is open to a session that has only passed the password step.
    path("two-factor/", views.two_factor_verify, name="two-factor"),
    path("two-factor/set-up/", views.two_factor_set_up, name="two-factor-set-up"),
    path("two-factor/set-up/qr-code.svg", views.two_factor_qr, name="two-factor-qr"),
    path("recovery-codes/", views.recovery_codes, name="recovery-codes"),
]
