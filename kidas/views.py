"""Error pages. Under /api/ they answer JSON like every other API error. A database that is away
(restarting, failing over) is not a bug in the request: it answers 503 with Retry-After, so
clients and people know to try again, and the request's transaction saved nothing."""

from __future__ import annotations

import sys
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults

RETRY_AFTER_SECONDS = 5
UNAVAILABLE = "The service is briefly unavailable. Nothing was saved: try again in a few seconds."


def page_not_found(request: HttpRequest, exception: Exception | None = None, **kwargs: Any) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception, **kwargs)


def permission_denied(request: HttpRequest, exception: Exception | None = None, **kwargs: Any) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "You do not have permission to perform this action."}, status=403)
    return defaults.permission_denied(request, exception or PermissionDenied(), **kwargs)


def server_error(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """500.html and 503.html are rendered without the request: no context processors, so no database
    query and no signed-in user are needed to say that something failed."""
    # Django calls this while handling the exception, so it is still the current one.
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse({"detail": UNAVAILABLE}, status=503)
        else:
            response = HttpResponse(render_to_string("503.html", {"message": UNAVAILABLE}), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Something went wrong on our side. Nothing was saved."}, status=500)
    return defaults.server_error(request, **kwargs)
