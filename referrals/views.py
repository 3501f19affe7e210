"""Pages. Each view parses input, calls a selector or a service, and renders: no rules here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_fsm import can_proceed

from access_trail.access import Action
from access_trail.services import access_record
from accounts.auth import signed_in_user
from accounts.models import Role
from kidas.db.paging import PageByIds, ShortListPaginator
from kidas.db.read_once import rows_once
from kidas.errors import DomainError
from kidas.filters import select_fields
from kidas.pages import Done, form_status, run_service
from referrals import forms, selectors, services
from referrals.actions import ACTIONS, actions_available
from referrals.correction import corrections_of
from referrals.extensions import action_context, detail_context, registered
from referrals.household import household_of
from referrals.models import RiskAssessment, SafeContactCheck
from referrals.policies import (
    is_administrator,
    may_confirm_safe_contact,
    may_correct,
    may_decide_step_down,
    may_see_case_trail,
    may_see_restricted,
    may_use_case_tools,
    may_use_triage_queue,
    may_work_case,
)
from referrals.restricted import free_text_for
from referrals.routing_explanation import routing_explanation
from referrals.safe_contact import QUESTION, carried_over_details, safe_contact_check_of
from referrals.state_notes import FINISHED_STATES, state_note
from referrals.states import TRIAGE_QUEUE_STATES, State
from referrals.survivor_choice import SurvivorChoiceForm, survivor_answer, survivor_candidates, typed_person

PAGE_SIZE = 50


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if user.role in (Role.TRIAGE_WORKER, Role.ADMINISTRATOR):
        return redirect("referrals:queue")
    if user.is_provider_staff:
        return redirect("casework:caseload")
    if user.role in (Role.MARAC_COORDINATOR, Role.PARTNER_USER):
        return redirect("marac:list")
    if user.role == Role.COMMISSIONER:
        return redirect("reports:dashboard")
    return redirect("referrals:list")


def _filtered(
    request: HttpRequest, referrals: Any, states: list[tuple[str, str]]
) -> tuple[Any, forms.TriageFilterForm]:
    form = forms.TriageFilterForm(request.GET or None, states=states)
    if form.is_valid():
        if form.cleaned_data["state"]:
            referrals = referrals.filter(state=form.cleaned_data["state"])
        if form.cleaned_data["risk_level"]:
            referrals = referrals.filter(risk_level=form.cleaned_data["risk_level"])
        if form.cleaned_data["district"]:
            referrals = referrals.filter(district=form.cleaned_data["district"])
    return referrals, form


def in_deadline_order(referrals: Any) -> Any:
    """The triage queue's order, the most urgent deadline first (the service levels' deadline, registered in
    referrals.extensions), for its page and its API."""
    return registered.deadlines.by_deadline(referrals)


def _list_page(
    request: HttpRequest,
    referrals: Any,
    states: list[tuple[str, str]],
    title: str,
    order: str,
    in_order: Callable[[Any], Any],
) -> HttpResponse:
    """A page of referrals, each with its current deadline read with its row; `in_order` orders them."""
    referrals, filter_form = _filtered(request, referrals, states)
    listing = in_order(selectors.listed(referrals))
    page: Page[Any] = ShortListPaginator(listing, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = registered.deadlines.mark(page.object_list)
    access_record(request=request, action=Action.LIST, records=page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "referrals/list.html",
        {
            "page": page,
            "filter_fields": select_fields(filter_form),
            "title": title,
            "order": order,
            "count_is_estimate": getattr(listing, "count_is_estimate", False),
            "query": query.urlencode(),
        },
    )


@login_required
def triage_queue(request: HttpRequest) -> HttpResponse:
    states = [(s.value, s.label) for s in TRIAGE_QUEUE_STATES]
    queue = selectors.triage_queue(signed_in_user(request))
    return _list_page(request, queue, states, "Triage queue", "most urgent deadline first", in_deadline_order)


@login_required
def referral_list(request: HttpRequest) -> HttpResponse:
    return _list_page(
        request,
        selectors.referrals_visible_to(signed_in_user(request)).order_by("-received_at", "-id"),
        list(State.choices),
        "Referrals",
        "newest first",
        # Nobody needs every referral counted: a long list shows the planner's estimate.
        lambda newest_first: PageByIds(newest_first, rows=registered.deadlines.annotate, estimate=True),
    )


@sensitive_post_parameters()
@login_required
@require_http_methods(["GET", "POST"])
def referral_new(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)  # the triage team (config.permissions)
    form = forms.ReferralForm(request.POST or None)
    children = forms.ChildFormSet(request.POST or None, prefix="children")
    answered = request.method == "POST" and form.is_valid() and children.is_valid()
    candidates = survivor_candidates(user, typed_person(form.cleaned_data)) if answered else []
    survivor_choice = SurvivorChoiceForm(request.POST if candidates else None, candidates)
    if answered and form.district_to_check:
        form = form.with_district_worked_out()
    elif answered and (not candidates or survivor_choice.is_valid()):
        answer, person = survivor_answer(candidates, survivor_choice)
        referral = services.referral_create(
            user=user,
            data=form.referral_data(),
            children=forms.children_from(children),
            channel="triage",
            survivor=person,
            survivor_choice=answer,
        )
        access_record(request=request, action=Action.CHANGE, records=referral)
        messages.success(request, f"Referral {referral.reference} recorded. Now complete the risk assessment.")
        if SafeContactCheck.objects.filter(referral=referral).exists():
            messages.warning(
                request,
                "Her safe-contact details were carried over from her earlier referral, not yet confirmed: "
                f"on the referral's page, answer “{QUESTION}” before you use them.",
            )
        return redirect("referrals:assess", pk=referral.pk)
    with_errors = [f for f in (form, *children, survivor_choice) if f.errors]
    context = {"form": form, "children": children, "survivor_choice": survivor_choice, "forms_with_errors": with_errors}
    return render(request, "referrals/new.html", context, status=400 if with_errors else 200)


@login_required
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = selectors.referral_get_for_user(
        signed_in_user(request), pk, also=selectors.PAGE_RELATED, columns=selectors.PAGE_COLUMNS
    )
    user = signed_in_user(request)
    access_record(request=request, action=Action.VIEW, records=referral)
    # Read once for the whole page: the corrections give the code words and the timeline's corrections,
    # the assessments the assessment shown and the timeline's (kidas.db.read_once).
    corrections_of(referral)
    readable = free_text_for(user, referral)
    # Earlier referrals, open cases, new referrals: which in one statement, their rows in a second if any.
    others = selectors.related_referrals(user, referral)
    assessments = rows_once(
        referral, "assessments", selectors.assessments_read(RiskAssessment.objects.select_related("checklist"))
    )
    assessment = assessments[0] if assessments else None
    check = safe_contact_check_of(referral)
    show_restricted = may_see_restricted(user, referral)
    context = {
        "referral": referral,
        "show_restricted": show_restricted,
        # Safe-contact details carried over from her earlier referral, until confirmed still safe (unknown is unsafe).
        "safe_contact_check": check,
        "carried": carried_over_details(check) if check and not check.is_confirmed and show_restricted else None,
        "can_confirm_safe_contact": check is not None and may_confirm_safe_contact(user, referral),
        "safe_contact_question": QUESTION,
        "can_correct": may_correct(user, referral),
        "can_see_trail": may_see_case_trail(user, referral),
        "assessment": assessment,
        "assessment_reasons": [readable(reason) for reason in assessment.reasons] if assessment else [],
        "assessments": assessments,
        "can_decide_step_down": may_decide_step_down(user, referral),
        "case_tools": may_use_case_tools(user, referral),
        # Free text as this user may read it: the code word masked unless they may see restricted fields.
        "circumstances": readable(referral.circumstances),
        "consent_refusal_reason": readable(referral.consent_refusal_reason),
        "decline_reason": readable(referral.last_decline_reason),
        "disabilities": readable(referral.disabilities),
        "household": household_of(referral, on=timezone.localdate()),
        # A new referral for a survivor with an open case is linked to it (casework.open_cases); the case's
        # page lists the new referrals. Each shown only to whoever may see it.
        "open_cases": others.open_cases,
        # Named to the case's team whether or not they may open them yet (triage may still hold them).
        "new_referrals": others.new_referrals,
        "new_referrals_visible": others.new_referrals_visible,
        "earlier": others.earlier,
        "arrival_match": getattr(referral, "arrival_match", None),  # read with the referral
        "can_answer_arrival_match": may_use_triage_queue(user),
        "can_merge_people": is_administrator(user),
        "actions": actions_available(signed_in_user(request), referral),
        "routing_explanation": routing_explanation(referral),
        "state_note": state_note(referral) if referral.state in FINISHED_STATES else None,
        "can_add_note": may_work_case(user, referral),
        "can_assess": services.user_may(signed_in_user(request), "assess")
        and referral.state in services.MOVES["assess"].sources,
        # The features above: casework's timeline, services and closure; MARAC's listings (referrals.extensions).
        **detail_context(user, referral, readable),
    }
    return render(request, "referrals/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def referral_assess(request: HttpRequest, pk: int) -> HttpResponse:
    referral = selectors.referral_get_for_user(signed_in_user(request), pk)
    if request.method == "GET" and referral.state not in services.MOVES["assess"].sources:
        return not_possible_now(request, referral, "Assess risk")  # a POST gets the service's own reason
    checklist = services.current_checklist()
    form = forms.RiskAssessmentForm(request.POST or None, checklist=checklist, current_level=referral.risk_level)
    status = form_status(request)
    if request.method == "POST" and form.is_valid():

        def done(assessment: Any) -> Done:
            access_record(request=request, action=Action.CHANGE, records=referral)
            return Done(
                f"Risk assessed as {assessment.get_level_display().lower()}. {routing_explanation(referral)}",
                reverse("referrals:detail", args=[referral.pk]),
            )

        outcome = run_service(
            request,
            lambda: services.referral_assess(
                user=signed_in_user(request),
                referral_id=referral.pk,
                answers=form.answers(),
                police_callouts=form.cleaned_data["police_callouts"],
                judgement_level=form.cleaned_data["judgement_level"],
                judgement_reason=form.cleaned_data["judgement_reason"],
                honour_based_abuse=bool(form.cleaned_data["honour_based_abuse"]),
                step_down_reason=form.step_down_reason(),
            ),
            done=done,
            form=form,
            problem=lambda exc: _domain_error(request, referral.pk, exc),
        )
        if outcome.response is not None:
            return outcome.response
        status = outcome.status
    return render(
        request,
        "referrals/assess.html",
        {"referral": referral, "form": form, "checklist": checklist, "flagged": _flagged(form)},
        status=status,
    )


def _flagged(form: forms.RiskAssessmentForm) -> set[str]:
    return {f"q_{q.key}" for q in form.questions if q.prompts_judgement}


def _action_form(action_inputs: str, reason: str, data: Any, request: HttpRequest, referral: Any) -> forms.ReasonForm:
    if action_inputs == "accept":
        return forms.AcceptForm(data, provider_id=referral.provider_id, default_worker_id=signed_in_user(request).pk)
    if action_inputs == "duplicate":
        return forms.DuplicateForm(data, required=False)
    if action_inputs == "manual_route":
        return forms.ManualRouteForm(data)
    return forms.ReasonForm(data, required=reason == "required")


@login_required
@require_http_methods(["GET", "POST"])
def referral_action(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    referral = selectors.referral_get_for_user(signed_in_user(request), pk)
    action = ACTIONS.get(slug)
    if action is None:
        raise Http404("No such action")
    if request.method == "GET" and not can_proceed(getattr(referral, action.move)):
        return not_possible_now(request, referral, action.label)  # a POST gets the service's own reason
    form = (
        None
        if action.inputs == "none"
        else _action_form(action.inputs, action.reason, request.POST or None, request, referral)
    )
    if request.method == "POST" and (form is None or form.is_valid()):

        def done(_: Any) -> Done:
            access_record(request=request, action=Action.CHANGE, records=referral)
            return Done(f"{action.label}: done.", reverse("referrals:detail", args=[referral.pk]))

        outcome = run_service(
            request,
            lambda: action.run(signed_in_user(request), referral.pk, form.cleaned_data if form else {}),
            done=done,
            form=form,
            problem=lambda exc: _domain_error(request, referral.pk, exc),
        )
        if outcome.response is not None:
            return outcome.response
    # What the features above add, e.g. MARAC: closing or withdrawing a referral held at MARAC tells its
    # coordinators, said before the user confirms.
    return render(
        request,
        "referrals/action.html",
        {"referral": referral, "action": action, "form": form, **action_context(referral, action.move)},
        status=form_status(request),
    )


def not_possible_now(request: HttpRequest, referral: Any, what: str) -> HttpResponse:
    """Instead of a form the referral's state no longer allows (it could only fail): where the referral
    stands and what can still be done. 409, as the same request to the API answers."""
    user = signed_in_user(request)
    context = {
        "referral": referral,
        "state_note": state_note(referral),
        "what": what,
        "can_add_note": may_work_case(user, referral),
    }
    return render(request, "referrals/state.html", context, status=409)


def _domain_error(request: HttpRequest, pk: int, exc: DomainError) -> HttpResponse:
    """The same words the API gives, with the same status, on a page that says what to do."""
    return render(
        request, "referrals/problem.html", {"message": exc.message, "referral_id": pk}, status=exc.status_code
    )
