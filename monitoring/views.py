"""Monitoring pages: a referral's equality monitoring (only for whoever may see it) and its pathways."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from access_trail.access import Action
from access_trail.services import access_record
from accounts.auth import signed_in_user
from kidas.errors import DomainError, NotPermitted
from kidas.pages import Done, form_page, posted
from monitoring import categories as c
from monitoring import forms, selectors, services
from referrals.policies import may_record_equality, may_record_pathway
from referrals.selectors import referral_get_for_user


def _problem(request: HttpRequest, pk: int, exc: DomainError) -> HttpResponse:
    return render(
        request, "referrals/problem.html", {"message": exc.message, "referral_id": pk}, status=exc.status_code
    )


@login_required
@require_http_methods(["GET", "POST"])
def equality(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    try:
        referral, record = selectors.equality_get_for_user(user, pk)
    except NotPermitted as exc:
        return _problem(request, pk, exc)
    access_record(request=request, action=Action.VIEW, records=referral)
    may_record = may_record_equality(user, referral)
    if request.method == "POST" and not may_record:
        return _problem(request, pk, NotPermitted(services.EQUALITY_REFUSED))

    def run(data: dict[str, Any]) -> Any:
        answers = form.answers()
        saved = services.equality_record(user=user, referral_id=referral.pk, answers=answers)
        access_record(request=request, action=Action.CHANGE, records=referral)
        return saved

    form = forms.EqualityForm(posted(request), record=record)
    answers = [(q.text, c.answer_label(q.field, getattr(record, q.field) if record else "")) for q in c.QUESTIONS]
    return form_page(
        request,
        form,
        run=run,
        done=lambda _: Done("Equality monitoring recorded.", reverse("referrals:detail", args=[referral.pk])),
        template="monitoring/equality.html",
        context={
            "referral": referral,
            "record": record,
            "answers": answers,
            "may_record": may_record,
            "hint": forms.HINT,
            "back": reverse("referrals:detail", args=[referral.pk]),
        },
        problem=lambda exc: _problem(request, referral.pk, exc),
    )


@login_required
@require_http_methods(["GET", "POST"])
def pathways(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    referral = referral_get_for_user(user, pk)
    if not may_record_pathway(user, referral):
        return _problem(request, pk, NotPermitted(services.PATHWAY_REFUSED))
    access_record(request=request, action=Action.VIEW, records=referral)

    def run(data: dict[str, Any]) -> Any:
        link = services.pathway_record(
            user=user,
            referral_id=referral.pk,
            pathway_id=data["pathway"].pk,
            hospital_id=data["hospital"].pk if data["hospital"] else None,
            referred_on=data["referred_on"],
            engagement=data["engagement"] or "",
        )
        access_record(request=request, action=Action.CHANGE, records=referral)
        return link

    return form_page(
        request,
        forms.PathwayForm(posted(request)),
        run=run,
        done=lambda link: Done(f"{link.pathway} recorded.", reverse("monitoring:pathways", args=[referral.pk])),
        template="monitoring/pathways.html",
        context={
            "referral": referral,
            "links": selectors.pathways_of(referral),
            "back": reverse("referrals:detail", args=[referral.pk]),
        },
        problem=lambda exc: _problem(request, referral.pk, exc),
    )
