"""Safe accommodation pages: the vacancy board, refuge requests and their answers, leaving a refuge."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from access_trail.access import Action
from access_trail.services import access_record
from accommodation import forms, selectors, services
from accommodation.models import RefugeRequest
from accommodation.suitability import Household
from accounts.auth import signed_in_user
from kidas.pages import Done, form_status, run_service
from referrals.policies import may_answer_refuge_request
from referrals.selectors import referral_get_for_user


def _household(form: forms.HouseholdFilterForm) -> Household | None:
    if not form.is_valid() or not any(form.cleaned_data.get(k) for k in form.fields):
        return None
    d = form.cleaned_data
    return Household(
        adults=d["adults"] or 1,
        children=d["children"] or 0,
        male_survivor=d["male_survivor"],
        needs_wheelchair_access=d["needs_wheelchair_access"],
    )


@login_required
@require_GET
def vacancies(request: HttpRequest) -> HttpResponse:
    form = forms.HouseholdFilterForm(request.GET or None)
    household = _household(form)
    today = timezone.localdate()
    status = 400 if request.GET and not form.is_valid() else 200
    context = {"form": form, "places": selectors.vacancy_board(today, household), "on": today, "household": household}
    return render(request, "accommodation/vacancies.html", context, status=status)


@login_required
@require_GET
def requests_list(request: HttpRequest) -> HttpResponse:
    waiting, recent = selectors.refuge_requests_listed(signed_in_user(request))
    return render(request, "accommodation/requests.html", {"waiting": waiting, "recent": recent})


def _form_page(
    request: HttpRequest,
    *,
    title: str,
    form: django_forms.Form,
    run: Callable[[dict[str, Any]], Done],
    context: dict[str, Any],
    template: str = "accommodation/form.html",
) -> HttpResponse:
    status = form_status(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = run_service(request, lambda: run(data), done=lambda done: done, form=form)
        if outcome.response is not None:
            return outcome.response
        status = outcome.status
    return render(request, template, {"form": form, "title": title, **context}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    referral = referral_get_for_user(user, pk)

    def run(d: dict[str, Any]) -> Done:
        made = services.refuge_request_make(
            user=user,
            referral_id=referral.pk,
            refuge_id=d["refuge"].pk,
            out_of_area=d["out_of_area"],
            adults=d["adults"],
            children=d["children"],
            children_ages=d["children_ages"],
            needs_wheelchair_access=d["needs_wheelchair_access"],
            needs=d["needs"],
        )
        access_record(request=request, action=Action.CHANGE, records=referral)
        return Done(f"Place requested at {made.refuge}.", reverse("accommodation:request", args=[made.pk]))

    return _form_page(
        request,
        title="Ask a refuge for a place",
        form=forms.RefugeRequestForm(request.POST or None),
        run=run,
        context={"referral": referral, "back": reverse("referrals:detail", args=[pk])},
    )


def _request_context(request: HttpRequest, refuge_request: RefugeRequest) -> dict[str, Any]:
    user = signed_in_user(request)
    return {
        "refuge_request": refuge_request,
        "may_answer": may_answer_refuge_request(user, refuge_request.refuge.provider_id),
        "decline_form": forms.RefugeDeclineForm(),
        "back": reverse("accommodation:requests"),
    }


@login_required
@require_http_methods(["GET", "POST"])
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    user = signed_in_user(request)
    refuge_request = selectors.refuge_request_get_for_user(user, request_id)
    access_record(request=request, action=Action.VIEW, records=refuge_request.referral)

    def run(d: dict[str, Any]) -> Done:
        answered = services.refuge_request_answer(
            user=user,
            request_id=request_id,
            outcome=d["outcome"],
            unsuitable_reason=d["unsuitable_reason"],
            note=d["note"],
        )
        return Done(f"Answer recorded: {answered.get_state_display().lower()}.", reverse("accommodation:requests"))

    return _form_page(
        request,
        title=f"Refuge request: {refuge_request.refuge}",
        form=forms.RefugeAnswerForm(request.POST or None),
        run=run,
        context=_request_context(request, refuge_request),
        template="accommodation/request.html",
    )


@login_required
@require_http_methods(["POST"])
def request_decline(request: HttpRequest, request_id: int) -> HttpResponse:
    user = signed_in_user(request)
    refuge_request = selectors.refuge_request_get_for_user(user, request_id)
    form = forms.RefugeDeclineForm(request.POST)
    status = 400
    if form.is_valid():
        note = form.cleaned_data["note"]

        def done(_: RefugeRequest) -> Done:
            return Done(
                "Recorded: the survivor declined the place.", reverse("accommodation:request", args=[request_id])
            )

        outcome = run_service(
            request,
            lambda: services.refuge_request_decline(user=user, request_id=request_id, note=note),
            done=done,
            form=form,
        )
        if outcome.response is not None:
            return outcome.response
        status = outcome.status
    context = {**_request_context(request, refuge_request), "decline_form": form, "form": forms.RefugeAnswerForm()}
    return render(request, "accommodation/request.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def stay_leave(request: HttpRequest, episode_id: int) -> HttpResponse:
    user = signed_in_user(request)
    stay = selectors.refuge_stay_get_for_user(user, episode_id)
    if stay.refuge_place_id is None:
        return render(request, "accommodation/not_a_refuge_stay.html", {"stay": stay}, status=409)

    def run(d: dict[str, Any]) -> Done:
        leaving = services.refuge_leaving_record(
            user=user, stay_id=episode_id, left_on=d["left_on"], planned=d["planned"], destination=d["destination"]
        )
        return Done("Move-on from refuge recorded.", reverse("referrals:detail", args=[leaving.stay.referral_id]))

    return _form_page(
        request,
        title="Leaving the refuge",
        form=forms.RefugeLeavingForm(request.POST or None),
        run=run,
        context={"referral": stay.referral, "back": reverse("referrals:detail", args=[stay.referral_id])},
    )
