"""Request body size limit for every request, API included.

Django enforces DATA_UPLOAD_MAX_MEMORY_SIZE only when a form body is parsed; DRF's JSON parser
reads the stream directly and would accept any size. This middleware refuses an oversized body
from its Content-Length, before anything reads it: 413 with a JSON message for the API, a page
elsewhere (templates/413.html). A path in BODY_LIMIT_BY_PATH (the historic-referral import, whose page
promises files up to IMPORT_MAX_BYTES) has its own, larger limit."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

TOO_LARGE = "The request body is too large: send at most {limit} KB."


def body_size_limit(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        limit = getattr(settings, "BODY_LIMIT_BY_PATH", {}).get(request.path, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit:
            message = TOO_LARGE.format(limit=f"{limit // 1024:,}")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=413)
            # Rendered without the request: the body is refused before sessions or sign-in are read.
            return HttpResponse(render_to_string("413.html", {"message": message}), status=413)
        return get_response(request)

    return middleware
