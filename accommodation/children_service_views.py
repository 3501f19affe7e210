"""The children's service's pages: the list, referring a child from the survivor's case, the child's case
(goals with their levels and scores, sessions, the clock, history), and one page per step."""

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
from accommodation import children_service as services
from accommodation import children_service_forms as forms
from accommodation.children_service_models import (
    WORKING_STATES,
    ChildCase,
    ChildCaseState,
)
from accommodation.children_service_policies import may_refer_child, may_work_child_case
from accommodation.children_service_selectors import (
    attainment,
    child_case_get_for_user,
    child_cases_listed,
    goals_with_scores,
)
from accommodation.views import _form_page
from accounts.auth import signed_in_user
from kidas.pages import Done
from referrals.household import age_on, household_of
from referrals.selectors import referral_get_for_user


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    open_cases, closed_cases = child_cases_listed(signed_in_user(request))
    return render(request, "accommodation/sass_cases.html", {"open_cases": open_cases, "closed_cases": closed_cases})


@login_required
@require_http_methods(["GET", "POST"])
def refer(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    referral = referral_get_for_user(user, pk)
    back = reverse("referrals:detail", args=[pk])
    children = household_of(referral, on=timezone.localdate()).children
    if not may_refer_child(user, referral) or not children:
        reason = (
            "This case has no children recorded."
            if not children
            else "Only triage or the case's own provider can refer a child."
        )
        return render(request, "accommodation/sass_not_now.html", {"reason": reason, "back": back}, status=409)

    def run(d: dict[str, Any]) -> Done:
        case = services.child_case_refer(
            user=user,
            referral_id=pk,
            child_id=d["child"],
            source=d["source"],
            accommodation_kind=d["accommodation_kind"],
            referrer_name=d["referrer_name"],
            referrer_agency=d["referrer_agency"],
            reason=d["reason"],
        )
        access_record(request=request, action=Action.CHANGE, records=referral)
        return Done("Child referred to the children's service.", reverse("accommodation:sass-case", args=[case.pk]))

    return _form_page(
        request,
        title="Refer a child to the children's service",
        form=forms.ChildReferralForm(request.POST or None, children=children),
        run=run,
        context={"referral": referral, "back": back},
    )


@login_required
@require_GET
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    user = signed_in_user(request)
    case = child_case_get_for_user(user, case_id)
    access_record(request=request, action=Action.VIEW, records=case.referral)
    goals = goals_with_scores(case)
    context = {
        "case": case,
        "age": age_on(case.child.date_of_birth, timezone.localdate()),
        "goals": goals,
        "attainment": attainment(goals),
        "sessions": case.sessions.select_related("worker"),
        "steps": case.steps.select_related("by"),
        "may_work": may_work_child_case(user, case),
        "working": case.state in WORKING_STATES,
        "may_set_goals": case.state in (ChildCaseState.REFERRED, ChildCaseState.STARTED),
    }
    return render(request, "accommodation/sass_case.html", context)


def _step_page(
    request: HttpRequest,
    case_id: int,
    *,
    title: str,
    allowed: Callable[[ChildCase], bool],
    form: Callable[[ChildCase], django_forms.Form],
    run: Callable[[ChildCase, django_forms.Form, dict[str, Any]], str],
) -> HttpResponse:
    """A page for one step of the case: 409 when the case's state does not allow it (the service says the
    same on POST), otherwise the form; the service's refusals shown on it."""
    user = signed_in_user(request)
    case = child_case_get_for_user(user, case_id)
    back = reverse("accommodation:sass-case", args=[case_id])
    if not allowed(case):
        reason = f"This child's case is {case.get_state_display().lower()}: this step is not possible now."
        return render(request, "accommodation/sass_not_now.html", {"reason": reason, "back": back}, status=409)
    bound = form(case)

    def done(d: dict[str, Any]) -> Done:
        message = run(case, bound, d)
        access_record(request=request, action=Action.CHANGE, records=case.referral)
        return Done(message, back)

    return _form_page(
        request,
        title=title,
        form=bound,
        run=done,
        context={"case": case, "back": back, "caption": case.child.full_name},
    )


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, case_id: int) -> HttpResponse:
    def run(c: ChildCase, f: django_forms.Form, d: dict[str, Any]) -> str:
        services.child_case_start(user=signed_in_user(request), case_id=c.pk, started_on=d["started_on"])
        return "Work started: the 12-week clock is running."

    return _step_page(
        request,
        case_id,
        title="Start the work with the child",
        allowed=lambda c: c.state == ChildCaseState.REFERRED,
        form=lambda c: forms.ChildStartForm(request.POST or None),
        run=run,
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_new(request: HttpRequest, case_id: int) -> HttpResponse:
    def run(c: ChildCase, f: django_forms.Form, d: dict[str, Any]) -> str:
        assert isinstance(f, forms.ChildGoalForm)  # noqa: S101
        goal = services.child_goal_set(
            user=signed_in_user(request),
            case_id=c.pk,
            title=d["title"],
            levels=f.levels(),
            baseline=d["baseline"],
            weight=d["weight"],
        )
        return f"Goal set: {goal.title}."

    return _step_page(
        request,
        case_id,
        title="Set a goal with the child",
        allowed=lambda c: c.state in (ChildCaseState.REFERRED, ChildCaseState.STARTED),
        form=lambda c: forms.ChildGoalForm(request.POST or None),
        run=run,
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_new(request: HttpRequest, case_id: int) -> HttpResponse:
    def run(c: ChildCase, f: django_forms.Form, d: dict[str, Any]) -> str:
        session = services.child_session_log(
            user=signed_in_user(request), case_id=c.pk, kind=d["kind"], held_on=d["held_on"], notes=d["notes"]
        )
        return f"Session logged: {session.get_kind_display().lower()} on {session.held_on:%-d %B %Y}."

    return _step_page(
        request,
        case_id,
        title="Log a session",
        allowed=lambda c: c.state in WORKING_STATES,
        form=lambda c: forms.ChildSessionForm(request.POST or None),
        run=run,
    )


def _scores_page(request: HttpRequest, case_id: int, *, at: str) -> HttpResponse:
    review = at == "review"

    def run(c: ChildCase, f: django_forms.Form, d: dict[str, Any]) -> str:
        assert isinstance(f, forms.ChildScoresForm)  # noqa: S101
        user = signed_in_user(request)
        if review:
            services.child_case_review(user=user, case_id=c.pk, scored_on=d["scored_on"], scores=f.scores())
            return "Goals scored at review."
        services.child_case_complete(user=user, case_id=c.pk, ended_on=d["scored_on"], scores=f.scores())
        return "Goals scored at the end: the work with the child is completed."

    return _step_page(
        request,
        case_id,
        title="Score the goals at review" if review else "Score the goals at the end",
        allowed=lambda c: c.state == ChildCaseState.STARTED if review else c.state in WORKING_STATES,
        form=lambda c: forms.ChildScoresForm(request.POST or None, goals=c.goals.all()),
        run=run,
    )


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, case_id: int) -> HttpResponse:
    return _scores_page(request, case_id, at="review")


@login_required
@require_http_methods(["GET", "POST"])
def complete(request: HttpRequest, case_id: int) -> HttpResponse:
    return _scores_page(request, case_id, at="end")


@login_required
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, case_id: int) -> HttpResponse:
    def run(c: ChildCase, f: django_forms.Form, d: dict[str, Any]) -> str:
        closed = services.child_case_close(
            user=signed_in_user(request), case_id=c.pk, move=d["move"], reason=d["reason"]
        )
        return f"The child's case is {closed.get_state_display().lower()}."

    return _step_page(
        request,
        case_id,
        title="End the child's case early",
        allowed=lambda c: c.is_open,
        form=lambda c: forms.ChildCloseForm(request.POST or None),
        run=run,
    )
