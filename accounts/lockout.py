"""What a locked-out sign-in sees (django-axes calls `lockout_response`; AXES_LOCKOUT_CALLABLE)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

LOCKED_STATUS = 429


def _minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_message() -> str:
    return (
        f"There have been too many failed attempts to sign in to this account from here. "
        f"Try again in {_minutes()} minutes, or ask an administrator to unlock it."
    )


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """429 with a plain explanation: JSON for the API, a GOV.UK page otherwise."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": lockout_message()}, status=LOCKED_STATUS)
    return render(
        request, "accounts/locked_out.html", {"minutes": _minutes(), "message": lockout_message()}, status=LOCKED_STATUS
    )
