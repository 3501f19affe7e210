"""Waiting list pages: the provider's list with the time waited, a referral's place on it (join, priority,
take on, withdraw), and services marked at capacity."""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from access_trail.access import Action
from access_trail.services import access_record
from accounts.auth import signed_in_user
from kidas.pages import Done, run_service
from referrals.models import Referral
from referrals.policies import may_manage_waiting, may_mark_capacity
from referrals.selectors import referral_get_for_user
from referrals.states import State
from waiting import forms, selectors, services
from waiting.figures import days, waited
from waiting.models import WaitingEntry
from waiting.priority import MEANINGS, Priority


def _meanings() -> list[tuple[str, str]]:
    return [(p.label, MEANINGS[p.value]) for p in Priority]


@login_required
@require_GET
def waiting_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    now = timezone.now()
    entries = list(selectors.waiting_list_for(user))
    rows = [(e, days(waited(e.joined_at, None, now))) for e in entries]
    access_record(request=request, action=Action.VIEW, records=[e.referral_id for e in entries], what="waiting list")
    context = {
        "rows": rows,
        "meanings": _meanings(),
        "marks": selectors.capacity_marks_visible_to(user),
        "may_mark_capacity": may_mark_capacity(user),
    }
    return render(request, "waiting/list.html", context)


def _case_context(request: HttpRequest, referral: Referral, **forms_shown: django_forms.Form) -> dict[str, Any]:
    user = signed_in_user(request)
    entries = list(selectors.entries_of_referral(user, referral.pk))
    current = next((e for e in entries if e.state == "waiting"), None)
    may_manage = may_manage_waiting(user, referral)
    return {
        "referral": referral,
        "entry": current,
        "waited_days": days(waited(current.joined_at, None, timezone.now())) if current else None,
        "earlier": [e for e in entries if e is not current],
        "meanings": _meanings(),
        "may_manage": may_manage,
        "may_join": may_manage and current is None and referral.state == State.ROUTED,
        "add_form": forms_shown.get("add_form") or forms.WaitingAddForm(),
        "priority_form": forms_shown.get("priority_form") or forms.PriorityForm(),
        "withdraw_form": forms_shown.get("withdraw_form") or forms.WithdrawForm(),
        "forms_with_errors": [f for f in forms_shown.values() if f.errors],
    }


def _case_page(request: HttpRequest, referral: Referral, status: int = 200, **forms_shown: Any) -> HttpResponse:
    return render(request, "waiting/case.html", _case_context(request, referral, **forms_shown), status=status)


def _back(pk: int) -> str:
    return reverse("waiting:case", args=[pk])


@login_required
@require_http_methods(["GET", "POST"])
def case_waiting(request: HttpRequest, pk: int) -> HttpResponse:
    """A referral's place on the waiting list; a POST puts it on the list."""
    user = signed_in_user(request)
    referral = referral_get_for_user(user, pk)
    if request.method == "GET":
        access_record(request=request, action=Action.VIEW, records=referral, what="waiting list")
        if referral.state != State.ROUTED and not selectors.entries_of_referral(user, pk).exists():
            return render(request, "waiting/not_waiting.html", {"referral": referral}, status=409)
        return _case_page(request, referral)
    form = forms.WaitingAddForm(request.POST)
    status = 400
    if form.is_valid():
        d = form.cleaned_data

        def done(_: WaitingEntry) -> Done:
            return Done(f"{referral.reference} is on the waiting list; the referrer is told of the delay.", _back(pk))

        outcome = run_service(
            request,
            lambda: services.waiting_add(
                user=user, referral_id=pk, priority=d["priority"], why=d["why"], priority_reason=d["priority_reason"]
            ),
            done=done,
            form=form,
        )
        if outcome.response is not None:
            access_record(request=request, action=Action.CHANGE, records=referral)
            return outcome.response
        status = outcome.status
    return _case_page(request, referral, status, add_form=form)


@login_required
@require_POST
def case_priority(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    referral = referral_get_for_user(user, pk)
    form = forms.PriorityForm(request.POST)
    status = 400
    if form.is_valid():
        d = form.cleaned_data
        outcome = run_service(
            request,
            lambda: services.waiting_set_priority(
                user=user, referral_id=pk, priority=d["priority"], reason=d["priority_reason"]
            ),
            done=lambda e: Done(f"Priority {e.priority} recorded.", _back(pk)),
            form=form,
        )
        if outcome.response is not None:
            access_record(request=request, action=Action.CHANGE, records=referral)
            return outcome.response
        status = outcome.status
    return _case_page(request, referral, status, priority_form=form)


@login_required
@require_POST
def case_take_on(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    referral = referral_get_for_user(user, pk)
    form = django_forms.Form(request.POST)
    outcome = run_service(
        request,
        lambda: services.waiting_take_on(user=user, referral_id=pk),
        done=lambda e: Done(
            f"{referral.reference} taken on from the waiting list.", reverse("referrals:detail", args=[pk])
        ),
        form=form,
    )
    if outcome.response is not None:
        access_record(request=request, action=Action.CHANGE, records=referral)
        return outcome.response
    return _case_page(request, referral, outcome.status, take_on_form=form)


@login_required
@require_POST
def case_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    referral = referral_get_for_user(user, pk)
    form = forms.WithdrawForm(request.POST)
    status = 400
    if form.is_valid():
        reason = form.cleaned_data["reason"]
        outcome = run_service(
            request,
            lambda: services.waiting_withdraw(user=user, referral_id=pk, reason=reason),
            done=lambda e: Done("Withdrawn from the waiting list: the referral is back with triage.", _back(pk)),
            form=form,
        )
        if outcome.response is not None:
            access_record(request=request, action=Action.CHANGE, records=referral)
            return outcome.response
        status = outcome.status
    return _case_page(request, referral, status, withdraw_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def capacity(request: HttpRequest) -> HttpResponse:
    """Mark one of the provider's services at capacity (provider managers, administrators)."""
    user = signed_in_user(request)
    form = forms.CapacityForm(request.POST or None, administrator=user.is_administrator)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        outcome = run_service(
            request,
            lambda: services.capacity_mark(
                user=user,
                service_id=d["service"].pk,
                reason=d["reason"],
                provider_id=d["provider"].pk if "provider" in d else None,
            ),
            done=lambda m: Done(
                f"{m.service} marked at capacity: new referrals to it join the waiting list.", reverse("waiting:list")
            ),
            form=form,
        )
        if outcome.response is not None:
            return outcome.response
        status = outcome.status
    return render(
        request,
        "waiting/capacity.html",
        {"form": form, "marks": selectors.capacity_marks_visible_to(user)},
        status=status,
    )


@login_required
@require_POST
def capacity_end(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = django_forms.Form(request.POST)
    try:
        mark_id = int(request.POST.get("mark", ""))
    except ValueError:
        return render(
            request,
            "waiting/capacity.html",
            {"form": forms.CapacityForm(), "problem": "Choose a service to open again."},
            status=400,
        )
    outcome = run_service(
        request,
        lambda: services.capacity_end(user=user, mark_id=mark_id),
        done=lambda m: Done(
            f"{m.service} open again: new referrals are no longer put on the list.", reverse("waiting:list")
        ),
        form=form,
    )
    if outcome.response is not None:
        return outcome.response
    return render(
        request,
        "waiting/capacity.html",
        {"form": forms.CapacityForm(), "forms_with_errors": [form], "marks": selectors.capacity_marks_visible_to(user)},
        status=outcome.status,
    )
