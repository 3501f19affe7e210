"""Error pages. Under /api/ they answer JSON like every other API error. A database that is away
(restarting, failing over) is not a bug in the request: it answers 503 with Retry-After, so
clients and people know to try again, and the request's transaction saved nothing."""

from __future__ import annotations

import sys
from typing import Any

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

RETRY_AFTER_SECONDS = 5
UNAVAILABLE = "The service is briefly unavailable. Nothing was saved: try again in a few seconds."


def page_not_found(request: HttpRequest, exception: Exception | None = None, **kwargs: Any) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception, **kwargs)


def server_error(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    # Django calls this while handling the exception, so it is still the current one.
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse({"detail": UNAVAILABLE}, status=503)
        else:
            response = HttpResponse(
                '<!DOCTYPE html><html lang="en"><title>Service unavailable</title>'
                f"<h1>Sorry, the service is unavailable</h1><p>{UNAVAILABLE}</p>",
                status=503,
            )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Something went wrong on our side. Nothing was saved."}, status=500)
    return defaults.server_error(request, **kwargs)
