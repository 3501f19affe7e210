"""Session rules every request passes: signed out when idle, and no page or API answer for a session
that has not finished the two-factor step."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.middleware import is_verified
from django_otp.models import Device

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
        if user.is_authenticated and not is_verified(user) and not request.path.startswith(self.exempt):
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


class TwoFactorDeviceMiddleware:
    """Tells every request which two-factor device verified its session, the way django-otp's own
    OTPMiddleware documents it: `request.user.otp_device` is that device or None, and
    `request.user.is_verified()` is True when it is not None (django_otp.login and the views read these).

    It uses django-otp's public API only (DEVICE_ID_SESSION_KEY, Device.from_persistent_id,
    Device.persistent_id, is_verified), not a subclass of its middleware. Why not django-otp's own:
    that loads the device with a query of its own on every request, while ModelBackendWithDevices has
    already brought the persistent ids of the user's confirmed devices with the user row; a session
    verified by a device in that list is verified without another query (the device itself is loaded
    only if something uses it). A deleted or unconfirmed device, or another person's, is not in that
    list, so its session is not verified and forgets the device: deleting a device ends the
    verification of its sessions at their next request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user  # still lazy: the user is looked up only when something asks
        request.user = cast(Any, SimpleLazyObject(lambda: _with_session_device(request, user)))
        return self.get_response(request)


def _with_session_device(request: HttpRequest, user: Any) -> Any:
    """The user, with `otp_device` and `is_verified()` set from the device their session names."""
    user.otp_device = None
    user.is_verified = functools.partial(is_verified, user)
    persistent_id = request.session.get(DEVICE_ID_SESSION_KEY) if user.is_authenticated else None
    if not persistent_id:
        return user
    confirmed_ids = getattr(user, "confirmed_device_ids", None)
    if confirmed_ids is not None:  # loaded with the user row (ModelBackendWithDevices)
        if persistent_id in confirmed_ids:
            user.otp_device = SimpleLazyObject(lambda: Device.from_persistent_id(persistent_id))
    else:  # a user from another backend: load the device and check it as django-otp does
        device = Device.from_persistent_id(persistent_id)
        if device is not None and device.user_id == user.pk and device.confirmed:
            user.otp_device = device
    if user.otp_device is None:
        del request.session[DEVICE_ID_SESSION_KEY]
    return user
