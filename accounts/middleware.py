"""Session rules every request passes: signed out when idle, and no page or API answer for a session
that has not finished the two-factor step."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import OTPMiddleware

LAST_ACTIVITY_SESSION_KEY = "kidas_last_activity"


class IdleTimeoutMiddleware:
    """Signs a session out after SESSION_IDLE_SECONDS without a request.

    The last-activity stamp is written at most once a SESSION_ACTIVITY_REFRESH_SECONDS: a session is
    saved (and its stored expiry pushed on) once a minute at most, not on every request, so the busy
    list pages do not write on every read. A session is idle for at most that minute longer than the limit.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_ACTIVITY_SESSION_KEY)
            if isinstance(last, int) and now - last > settings.SESSION_IDLE_SECONDS:
                logout(request)
                minutes = settings.SESSION_IDLE_SECONDS // 60
                messages.info(request, f"You were signed out because you did nothing for {minutes} minutes.")
            elif not isinstance(last, int) or now - last >= settings.SESSION_ACTIVITY_REFRESH_SECONDS:
                request.session[LAST_ACTIVITY_SESSION_KEY] = now
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """A signed-in session that has not entered a two-factor code reaches only the sign-in steps and the
    paths in TWO_FACTOR_EXEMPT_PATHS. Pages redirect to the code step; the API answers 403 in JSON.
    Requests without a session (API tokens, partner keys) are judged by their own authentication."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.exempt = tuple(settings.TWO_FACTOR_EXEMPT_PATHS)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not user.is_verified() and not request.path.startswith(self.exempt):  # type: ignore[union-attr,attr-defined]
            return self._to_two_factor(request)
        return self.get_response(request)

    def _to_two_factor(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/v"):  # the API answers JSON; its docs page redirects like a page
            return JsonResponse({"detail": "Finish signing in: enter your two-factor code first."}, status=403)
        target = f"{reverse('accounts:two-factor')}?{urlencode({'next': request.get_full_path()})}"
        if request.headers.get("HX-Request") == "true":  # htmx follows a redirect inside the page; send it away
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)


class OTPMiddlewareFromUserRow(OTPMiddleware):
    """django-otp's middleware, trusting the confirmed devices that ModelBackendWithDevices loaded with
    the user: a session verified by a device the user still has is verified without a query of its own
    (the device itself is loaded only if something uses it). A deleted or unconfirmed device is not in
    that list, so deleting a device still ends its sessions' verification at the next request."""

    def _verify_user_sync(self, request: HttpRequest, user: Any) -> Any:
        confirmed = getattr(user, "confirmed_device_ids", None)
        persistent_id = request.session.get(DEVICE_ID_SESSION_KEY) if user.is_authenticated else None
        if confirmed is None or not persistent_id:
            return super()._verify_user_sync(request, user)
        self._init_user_fields(user)
        persistent_id = self._normalize_persistent_id(persistent_id)
        if persistent_id in confirmed:
            user.otp_device = SimpleLazyObject(lambda: self._device_from_persistent_id(persistent_id))
        else:
            del request.session[DEVICE_ID_SESSION_KEY]
        return user
