"""Signing in: password, then a code from an authenticator app (set up on the first sign-in)."""

from __future__ import annotations

from urllib.parse import urlencode

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView, redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp.middleware import is_verified
from django_otp.plugins.otp_static.models import StaticDevice

from accounts import two_factor
from accounts.forms import SignInForm, TwoFactorCodeForm
from accounts.lockout import lockout_response
from accounts.models import User

WRONG_CODE = "The code is not right. Enter the 6-digit code your authenticator app shows now, or a recovery code."
WAIT = "Too many wrong codes. Wait a minute, then enter the code your authenticator app shows at that time."


def _next_url(request: HttpRequest) -> str:
    """Where to go once signed in: a safe `next`, else the home page."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, {request.get_host()}, require_https=request.is_secure()):
        return wanted
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(view_name: str, next_url: str) -> str:
    return f"{reverse(view_name)}?{urlencode({'next': next_url})}"


class SignInView(LoginView):
    """The password step. A correct password signs the session in, but every other page stays closed
    until the two-factor step verifies it (accounts.middleware.TwoFactorRequiredMiddleware)."""

    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        return _with_next("accounts:two-factor", self.get_redirect_url() or resolve_url(settings.LOGIN_REDIRECT_URL))


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # login_required lets only a signed-in user through
        raise PermissionDenied("Sign in first")
    return user


def _failed(request: HttpRequest, user: User) -> None:
    """Count a wrong code as a failed sign-in (django-axes): the password alone cannot be tried forever."""
    user_login_failed.send(sender=__name__, credentials={"username": user.username}, request=request)


def _verified(request: HttpRequest, user: User, device: django_otp.models.Device) -> None:
    django_otp.login(request, device)
    request.session.cycle_key()
    AxesProxyHandler.reset_attempts(ip_address=getattr(request, "axes_ip_address", None), username=user.username)


def _locked_out(request: HttpRequest, user: User) -> bool:
    return AxesProxyHandler.is_locked(request, {"username": user.username})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """Ask for a code from the authenticator app (or a recovery code)."""
    user = _user(request)
    next_url = _next_url(request)
    if is_verified(user):
        return redirect(next_url)
    if two_factor.totp_device_of(user) is None:
        return redirect(_with_next("accounts:two-factor-set-up", next_url))
    if _locked_out(request, user):
        logout(request)
        return lockout_response(request)
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.two_factor_waiting(user):
            form.reject(WAIT)
        elif device := two_factor.two_factor_verify(user=user, code=form.cleaned_data["code"]):
            _verified(request, user, device)
            if isinstance(device, StaticDevice):
                left = two_factor.recovery_codes_left(user)
                messages.warning(
                    request,
                    f"You used a recovery code. You have {left} left. "
                    "If you have lost your authenticator app, ask an administrator to reset your two-factor sign-in.",
                )
            return redirect(next_url)
        else:
            form.reject(WRONG_CODE)
            _failed(request, user)
            if getattr(request, "axes_locked_out", False):
                logout(request)
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_set_up(request: HttpRequest) -> HttpResponse:
    """First sign-in: add KIDAS Triage to an authenticator app and confirm it with a code."""
    user = _user(request)
    next_url = _next_url(request)
    if two_factor.totp_device_of(user) is not None:
        return redirect(_with_next("accounts:two-factor", next_url))
    if _locked_out(request, user):
        logout(request)
        return lockout_response(request)
    device = two_factor.totp_enrolment_device(user=user)
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirmed = two_factor.totp_enrolment_confirm(user=user, code=form.cleaned_data["code"])
        if confirmed is not None:
            device, codes = confirmed
            _verified(request, user, device)
            # Shown in this answer only: the codes are not kept anywhere the page could show them again.
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": [f"{c[:4]}-{c[4:]}" for c in codes], "next": next_url, "first_time": True},
            )
        form.reject("The code is not right. Enter the 6-digit code your authenticator app shows now.")
        _failed(request, user)
        if getattr(request, "axes_locked_out", False):
            logout(request)
    return render(
        request,
        "accounts/two_factor_set_up.html",
        {"form": form, "next": next_url, "secret": two_factor.totp_secret_text(device)},
    )


@never_cache
@login_required
def two_factor_qr(request: HttpRequest) -> HttpResponse:
    """The QR code of the authenticator being set up, as an SVG image. Nothing once it is confirmed."""
    user = _user(request)
    if two_factor.totp_device_of(user) is not None:
        return HttpResponse(status=404)
    device = two_factor.totp_enrolment_device(user=user)
    return HttpResponse(two_factor.totp_qr_svg(device), content_type="image/svg+xml")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """How many recovery codes are left; new ones replace them all (shown once)."""
    user = _user(request)
    if request.method == "POST":
        codes = two_factor.recovery_codes_issue(user=user)
        return render(
            request,
            "accounts/recovery_codes.html",
            {"codes": [f"{c[:4]}-{c[4:]}" for c in codes], "next": resolve_url(settings.LOGIN_REDIRECT_URL)},
        )
    return render(request, "accounts/recovery_codes_left.html", {"left": two_factor.recovery_codes_left(user)})


def admin_sign_in(request: HttpRequest) -> HttpResponse:
    """The admin site signs in through the same password and two-factor steps as everyone."""
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))
