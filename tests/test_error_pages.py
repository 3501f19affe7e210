"""The error pages: GOV.UK-styled, saying what to do next. 500 and 503 render with no database and no
signed-in user (these tests may not touch the database: pytest-django refuses), and nothing is inline (CSP)."""

from __future__ import annotations

import re

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.test import RequestFactory

from kidas import views


def _no_inline_style_or_script(page: str) -> None:
    assert "<style" not in page
    assert " style=" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page), "inline script"


def test_the_500_page_is_styled_and_needs_no_database_or_user() -> None:
    request = RequestFactory().get("/referrals/1/")  # no user, no session
    response = views.server_error(request)
    page = response.content.decode()
    assert response.status_code == 500
    assert "govuk-template" in page and "app.css" in page
    assert "Sorry, there is a problem with the service" in page
    assert "Nothing was saved" in page
    _no_inline_style_or_script(page)


def test_the_503_page_is_styled_and_needs_no_database_or_user() -> None:
    request = RequestFactory().get("/cases/")
    try:
        raise OperationalError("the database is restarting")
    except OperationalError:
        response = views.server_error(request)
    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == str(views.RETRY_AFTER_SECONDS)
    assert "govuk-template" in page
    assert "Sorry, the service is unavailable" in page
    assert views.UNAVAILABLE in page
    _no_inline_style_or_script(page)


def test_the_api_still_answers_errors_in_json() -> None:
    request = RequestFactory().get("/api/v1/caseload/")
    assert views.server_error(request)["Content-Type"] == "application/json"
    assert views.permission_denied(request, PermissionDenied())["Content-Type"] == "application/json"


def test_the_403_page_is_styled_and_says_what_to_do() -> None:
    request = RequestFactory().get("/audit/")
    request.user = AnonymousUser()
    response = views.permission_denied(request, PermissionDenied())
    page = response.content.decode()
    assert response.status_code == 403
    assert "govuk-template" in page
    assert "You cannot do this" in page
    assert "ask your manager or an administrator" in page
    _no_inline_style_or_script(page)


def test_a_refused_form_submission_gets_a_styled_page() -> None:
    from django.views.csrf import csrf_failure

    response = csrf_failure(RequestFactory().post("/referrals/new/"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "govuk-template" in page
    assert "Your form could not be sent" in page
    _no_inline_style_or_script(page)


def test_the_413_page_is_styled_says_what_to_do_and_needs_no_database_or_user(settings) -> None:
    from kidas.limits import body_size_limit

    def never_reached(request):
        raise AssertionError("an oversized body is refused before the view")

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    request = RequestFactory().post("/referrals/new/", data="x" * 2048, content_type="text/plain")
    response = body_size_limit(never_reached)(request)
    page = response.content.decode()
    assert response.status_code == 413
    assert "govuk-template" in page and "app.css" in page
    assert "<title>What you sent is too large – KIDAS Triage</title>" in page
    assert "send at most 1 KB" in page and "Nothing was saved" in page
    _no_inline_style_or_script(page)
