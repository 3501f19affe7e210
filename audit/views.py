"""Audit pages: a case's trail (its provider's manager, administrators), the administrator's search,
the subject access export, and corrections. Each view parses input and calls a selector or service."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from access_trail.access import Action
from access_trail.services import access_record
from accounts.auth import signed_in_user
from audit import corrections, selectors, subject_access
from audit.forms import CorrectionForm, TrailSearchForm
from kidas.db.paging import PageByIds, ShortListPaginator
from kidas.pages import Done, download, form_page
from people.models import Person
from referrals.models import Referral
from referrals.policies import may_correct
from referrals.selectors import referral_get_for_user

PAGE_SIZE = 50


@login_required
@require_GET
def case_trail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = selectors.case_trail_referral_for_user(signed_in_user(request), pk)
    listing = _trail(selectors.access_events(referral_id=referral.pk))
    page = ShortListPaginator(listing, PAGE_SIZE).get_page(request.GET.get("page"))
    access_record(request=request, action=Action.VIEW, records=referral, what="Audit trail")
    return render(
        request,
        "audit/case_trail.html",
        {
            "referral": referral,
            "page": page,
            "count_is_estimate": listing.count_is_estimate,
            "changes": selectors.change_events(referral),
        },
    )


def _trail(events: Any) -> PageByIds:
    """The access trail grows by a row a request: read by ids, then rows, and a long one is not counted but
    estimated (kidas.db.paging), as every long list is."""
    return PageByIds(events, estimate=True)


@login_required
@require_GET
def trail_search(request: HttpRequest) -> HttpResponse:
    form = TrailSearchForm(request.GET or None)
    page = changes = referral = None
    count_is_estimate = False
    if form.is_valid() and (form.cleaned_data["username"] or form.cleaned_data["referral"]):
        referral_id = form.cleaned_data["referral"]
        listing = _trail(selectors.access_events(username=form.cleaned_data["username"], referral_id=referral_id))
        page = ShortListPaginator(listing, PAGE_SIZE).get_page(request.GET.get("page"))
        count_is_estimate = listing.count_is_estimate
        referral = Referral.objects.filter(pk=referral_id).first() if referral_id else None
        if referral is not None:
            changes = selectors.change_events(referral)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/search.html",
        {
            "form": form,
            "page": page,
            "count_is_estimate": count_is_estimate,
            "changes": changes,
            "referral": referral,
            "query": query.urlencode(),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@login_required
@require_GET
def subject_access_download(request: HttpRequest, pk: int) -> HttpResponse:
    referral = referral_get_for_user(signed_in_user(request), pk)
    document = subject_access.subject_access_export(referral=referral)
    ids = [r["referral"]["id"] for r in document["referrals"]]
    access_record(request=request, action=Action.SUBJECT_ACCESS, records=ids, what="Subject access export")
    return download(
        json.dumps(document, cls=DjangoJSONEncoder, indent=2),
        content_type="application/json; charset=utf-8",
        filename=f"subject-access-{referral.reference}.json",
    )


@login_required
@require_GET
def person_subject_access_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything held about one person (survivor, alleged perpetrator or child), others' details left out.
    Administrators only (config.permissions)."""
    person = get_object_or_404(Person, pk=pk)
    document = subject_access.person_subject_access_export(person=person)
    ids = subject_access.person_export_referral_ids(document, person)
    access_record(
        request=request, action=Action.SUBJECT_ACCESS, records=ids, what=f"Subject access export, person {pk}"
    )
    return download(
        json.dumps(document, cls=DjangoJSONEncoder, indent=2),
        content_type="application/json; charset=utf-8",
        filename=f"subject-access-person-{pk}.json",
    )


@sensitive_post_parameters("value")
@login_required
@require_http_methods(["GET", "POST"])
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    referral = referral_get_for_user(user, pk)
    if not may_correct(user, referral):
        raise Http404("Only the team working this case may correct it")
    return form_page(
        request,
        CorrectionForm(request.POST or None),
        run=lambda data: corrections.referral_correct(
            user=user, referral_id=referral.pk, field=data["field"], value=data["value"], reason=data["reason"]
        ),
        done=lambda correction: _corrected(request, referral, correction),
        template="audit/correct.html",
        context={"referral": referral},
    )


def _corrected(request: HttpRequest, referral: Referral, correction: Any) -> Done:
    access_record(request=request, action=Action.CORRECT, records=referral, what=f"Corrected {correction.field}")
    return Done(
        "Correction recorded. The old value is kept on the record's timeline.",
        reverse("referrals:detail", args=[referral.pk]),
    )
