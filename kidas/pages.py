"""The pages' counterpart of the API's exception handler (kidas.api.exception_handler): one way for a
page to run a service and show what came of it.

`run_service` runs the call in a savepoint, so a refusal leaves nothing half-saved, then:
- success: the message (at its level) and a redirect;
- ValidationError (the service refuses the input): its field errors on the form, for the error summary;
  answered 400 when the form is shown again;
- DomainError (NotPermitted 403, TransitionConflict 409, any other 400): either the page's own problem
  page (`problem`), or, with none given, the message in the form's error summary with the error's status.
Out of scope is raised as Http404 by the scoped selectors before a service runs, and is left to Django.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render

from kidas.errors import DomainError

T = TypeVar("T")


@dataclass(frozen=True)
class Done:
    """What to tell the user after the service ran, and where to take them."""

    message: str
    to: str  # a URL
    level: int = messages.SUCCESS


@dataclass(frozen=True)
class PageRun(Generic[T]):
    """`response` is the answer to send (a redirect, or a problem page); when it is None the form is
    shown again with its errors, answered with `status`."""

    response: HttpResponse | None
    status: int


def form_status(request: HttpRequest) -> int:
    """A form shown again after a POST is shown because its input was refused: 400, with the errors."""
    return 400 if request.method == "POST" else 200


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's field errors on the form (fields the form lacks go to the summary)."""
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def run_service(
    request: HttpRequest,
    call: Callable[[], T],
    *,
    done: Callable[[T], Done],
    form: forms.BaseForm | None = None,
    problem: Callable[[DomainError], HttpResponse] | None = None,
) -> PageRun[T]:
    """Run a service for a page: see the module's docstring."""
    try:
        with transaction.atomic():
            result = call()
    except ValidationError as exc:
        if form is None:
            raise
        add_service_errors(form, exc)
        return PageRun(None, 400)
    except DomainError as exc:
        if problem is not None:
            return PageRun(problem(exc), exc.status_code)
        if form is None:
            raise
        form.add_error(None, exc.message)
        return PageRun(None, exc.status_code)
    outcome = done(result)
    messages.add_message(request, outcome.level, outcome.message)
    return PageRun(redirect(outcome.to), 302)


def posted(request: HttpRequest) -> QueryDict | None:
    """A form's data: the body of a POST; None on a GET, so the form is shown empty and without errors."""
    return request.POST if request.method == "POST" else None


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    run: Callable[[dict[str, Any]], T],
    done: Callable[[T], Done],
    template: str,
    context: dict[str, Any],
    problem: Callable[[DomainError], HttpResponse] | None = None,
) -> HttpResponse:
    """A page of one form that runs one service: shown on a GET; on a valid POST, `run(cleaned_data)` through
    `run_service` (its redirect, or its problem page); otherwise the form again with its errors, answered
    400 (or the refusal's status), with `context` and the form as "form"."""
    status = form_status(request)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(request, lambda: run(form.cleaned_data), done=done, form=form, problem=problem)
        if outcome.response is not None:
            return outcome.response
        status = outcome.status
    return render(request, template, {**context, "form": form}, status=status)


CSV = "text/csv; charset=utf-8"


def download(body: str | bytes, *, content_type: str, filename: str) -> HttpResponse:
    """A file the browser saves rather than shows (exports, printouts, templates)."""
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
