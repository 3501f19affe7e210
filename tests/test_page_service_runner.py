"""kidas.pages.run_service: the one way a page runs a service and shows what came of it."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory

from kidas.errors import DomainError, NotPermitted, TransitionConflict
from kidas.pages import Done, run_service

# The runner opens a savepoint around the service.
pytestmark = pytest.mark.django_db


class ReasonForm(forms.Form):
    reason = forms.CharField()


def _request() -> Any:
    request = RequestFactory().post("/", {"reason": "x"})
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _form() -> ReasonForm:
    form = ReasonForm({"reason": "x"})
    assert form.is_valid()
    return form


def _raise(exc: Exception) -> Any:
    raise exc


def test_a_service_that_succeeds_redirects_with_its_message() -> None:
    request = _request()
    run = run_service(request, lambda: 7, done=lambda n: Done(f"Done {n}.", "/cases/"), form=_form())
    assert run.response is not None and run.response.status_code == 302 and run.response["Location"] == "/cases/"
    assert [str(m) for m in get_messages(request)] == ["Done 7."]


@pytest.mark.parametrize(
    ("error", "status"),
    [(DomainError("Say why."), 400), (NotPermitted("Not your case."), 403), (TransitionConflict("Closed."), 409)],
)
def test_a_refusal_goes_to_the_error_summary_with_its_status(error: DomainError, status: int) -> None:
    form = _form()
    run = run_service(_request(), lambda: _raise(error), done=lambda _: Done("", "/"), form=form)
    assert run.response is None and run.status == status
    assert form.non_field_errors() == [error.message]


def test_a_refused_input_shows_on_its_field_and_answers_400() -> None:
    form = _form()
    run = run_service(
        _request(), lambda: _raise(ValidationError({"reason": "Too short."})), done=lambda _: Done("", "/"), form=form
    )
    assert (run.response, run.status) == (None, 400)
    assert form.errors["reason"] == ["Too short."]


def test_a_page_with_its_own_problem_page_shows_it_with_the_errors_status() -> None:
    run = run_service(
        _request(),
        lambda: _raise(TransitionConflict("Already heard.")),
        done=lambda _: Done("", "/"),
        problem=lambda exc: HttpResponse(exc.message, status=exc.status_code),
    )
    assert run.response is not None and run.response.status_code == 409 and run.response.content == b"Already heard."
