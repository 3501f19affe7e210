"""Provider pages: the inbox, the caseload, the refuge board, and the forms that work a case.
Each form view parses input and calls one service; domain errors come back as form errors.
Who may open each page by role is the permission map's (config.permissions); which case, the scope's."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from access_trail.access import Action
from access_trail.services import access_record, access_recorded_in
from accounts.auth import signed_in_user
from casework import forms, selectors, services, step_down
from casework.caseload_page import caseload_page
from casework.models import StepDown, SupportEpisode
from kidas.api import PAGING_PARAMS
from kidas.db.paging import ShortListPaginator
from kidas.filters import select_fields
from kidas.forms import model_choice_field
from kidas.pages import Done, form_page, form_status, run_service
from marac.services import marac_listings_of
from providers.selectors import service_choices
from referrals.forms import ManualRouteForm, RiskAssessmentForm, TriageFilterForm
from referrals.models import Referral, SafeContactCheck
from referrals.policies import may_decide_step_down, may_see_restricted
from referrals.risk import RiskLevel
from referrals.selectors import referral_get_for_user
from referrals.services import AssessmentInput, current_checklist
from referrals.states import OPEN_CASE_STATES
from referrals.views import not_possible_now
from sla.current_deadline import DeadlineOrdered, mark_deadline_status

PAGE_SIZE = 50


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    routed = DeadlineOrdered(selectors.inbox(signed_in_user(request)).select_related("district", "service"))
    page: Page[Any] = ShortListPaginator(routed, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = mark_deadline_status(page.object_list)
    access_record(request=request, action=Action.LIST, records=page.object_list)
    return render(request, "casework/inbox.html", {"referrals": page.object_list, "page": page, "query": ""})


class CaseloadFilterForm(TriageFilterForm):
    worker: django_forms.ModelChoiceField = django_forms.ModelChoiceField(
        queryset=None, required=False, empty_label="Any worker"
    )
    service: django_forms.ModelChoiceField = django_forms.ModelChoiceField(
        queryset=None, required=False, label="Service", to_field_name="slug", empty_label="Any service"
    )
    sort = django_forms.ChoiceField(
        required=False,
        choices=[
            ("received", "Newest first"),
            ("oldest", "Oldest first"),
            ("risk", "Highest risk first"),
            ("name", "Name"),
            ("district", "District"),
            ("worker", "Worker"),
        ],
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, states=[(s.value, s.label) for s in OPEN_CASE_STATES], **kwargs)
        from providers.models import Service

        worker_field = model_choice_field(self, "worker")
        if user.role == "provider_manager" or user.is_administrator:
            worker_field.queryset = selectors.team_workers(user).only("id", "first_name", "last_name", "username")
            worker_field.choices = [("", "Any worker"), *((w.pk, str(w)) for w in worker_field.queryset)]
        else:
            del self.fields["worker"]  # a worker's own caseload has one worker
        service_field = model_choice_field(self, "service")
        service_field.queryset = Service.objects.all()  # checks a chosen slug; the list comes from the cache
        service_field.choices = [("", "Any service"), *service_choices()]


def caseload_filtered(user: Any, params: Any) -> tuple[Any, CaseloadFilterForm | None]:
    """The caseload with the page's filters and sort; the API uses the same function.
    With no parameters there is nothing to parse, so no form is built (the page builds its own)."""
    cases = selectors.caseload(user)
    sort = "received"
    if not params:
        return selectors.caseload_sorted(cases, sort), None
    form = CaseloadFilterForm(params, user=user)
    if form.is_valid():
        data = form.cleaned_data
        if data["state"]:
            cases = cases.filter(state=data["state"])
        if data["risk_level"]:
            cases = cases.filter(risk_level=data["risk_level"])
        if data["district"]:
            cases = cases.filter(district=data["district"])
        if data.get("worker"):
            cases = cases.filter(allocated_worker=data["worker"])
        if data["service"]:
            cases = cases.filter(service=data["service"])
        sort = data["sort"] or sort
    return selectors.caseload_sorted(cases, sort), form


def caseload_page_for(request: Any, per_page: int) -> tuple[Page, CaseloadFilterForm | None]:
    """The page of the signed-in user's caseload that the query string asks for, recorded in the access
    trail by the statement that reads it, with the filter form when there are filters: what the page and
    the API both show, for a session or a token, filtered or not, on any page."""
    user, params = signed_in_user(request), request.GET
    filters = {} if PAGING_PARAMS.issuperset(params) else params
    cases, form = caseload_filtered(user, filters)
    record = access_recorded_in(request=request, action=Action.LIST)
    return caseload_page(cases, params.get("page"), per_page, record=record), form


@login_required
@transaction.non_atomic_requests  # read-only: no transaction round trips on the busiest page
def caseload(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    page, form = caseload_page_for(request, PAGE_SIZE)
    form = form or CaseloadFilterForm(None, user=user)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "casework/caseload.html",
        {
            "page": page,
            "rows": selectors.caseload_rows(page.object_list),
            "filter_fields": select_fields(form),
            "query": query.urlencode(),
            "team": user.role == "provider_manager" or user.is_administrator,
        },
    )


@login_required
def refuges(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    on = timezone.localdate()
    raw = request.GET.get("on")
    if raw:
        try:
            on = date.fromisoformat(raw)
        except ValueError:
            return render(
                request, "casework/refuges.html", {"error": "Enter the date as YYYY-MM-DD", "on": on}, status=400
            )
    return render(request, "casework/refuges.html", {"vacancies": selectors.refuge_vacancies(user, on), "on": on})


def _case_form(
    request: HttpRequest,
    case: Referral | int,
    *,
    title: str,
    form: django_forms.Form,
    run: Callable[[Referral, dict[str, Any]], str | tuple[str, int]],
    extra: dict[str, Any] | None = None,
    open_only: bool = True,
) -> HttpResponse:
    """Show a case form (`case`: the case, when the view has read it already, or its id); on a valid POST run
    the service; its refusals become form errors (400/409).
    A form for open cases is not shown on a case that is not open: it could only fail.
    `run` returns the message to show, or the message and its level when it is not a plain success."""
    referral = referral_get_for_user(signed_in_user(request), case) if isinstance(case, int) else case
    pk = referral.pk
    if open_only and referral.state not in OPEN_CASE_STATES:
        return not_possible_now(request, referral, title)
    status = form_status(request)
    if request.method == "POST" and form.is_valid():

        def done(result: str | tuple[str, int]) -> Done:
            access_record(request=request, action=Action.CHANGE, records=referral)
            # A run that did not do all that was asked (a step-down waiting for approval) says so, not "Success".
            message, level = result if isinstance(result, tuple) else (result, messages.SUCCESS)
            return Done(message, reverse("referrals:detail", args=[pk]), level)

        outcome = run_service(request, lambda: run(referral, form.cleaned_data), done=done, form=form)
        if outcome.response is not None:
            return outcome.response
        status = outcome.status
        if isinstance(form, forms.FreeTextForm) and form.has_error(services.CONFIRM_CODE_WORD):
            form.ask_to_confirm_code_word()
    context = {"referral": referral, "form": form, "title": title, **(extra or {})}
    if context.get("show_safe_contact"):
        context["show_safe_contact"] = may_see_restricted(signed_in_user(request), referral)
        # Details carried over from her earlier referral are not hers to use here until confirmed still safe.
        context["safe_contact_unconfirmed"] = SafeContactCheck.objects.filter(
            referral=referral, answer=SafeContactCheck.Answer.UNANSWERED
        ).exists()
    return render(request, "casework/case_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def contact_attempt(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)

    def run(referral: Referral, data: dict[str, Any]) -> str:
        attempt = services.contact_attempt_log(
            user=user,
            referral_id=referral.pk,
            method=data["method"],
            outcome=data["outcome"],
            attempted_at=data["attempted_at"],
            notes=data["notes"],
            outside_safe_times_reason=data["outside_safe_times_reason"],
            confirm_code_word=data["confirm_code_word"],
        )
        return f"Contact attempt recorded: {attempt.get_outcome_display().lower()}."

    return _case_form(
        request,
        pk,
        title="Log a contact attempt",
        form=forms.ContactAttemptForm(request.POST or None),
        run=run,
        extra={"show_safe_contact": True},
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_note(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)

    def run(referral: Referral, data: dict[str, Any]) -> str:
        services.case_note_add(
            user=user, referral_id=referral.pk, text=data["text"], confirm_code_word=data["confirm_code_word"]
        )
        return "Note added."

    # Notes stay open after the case ends.
    return _case_form(
        request, pk, title="Add a note", form=forms.NoteForm(request.POST or None), run=run, open_only=False
    )


@login_required
@require_http_methods(["GET", "POST"])
def support_start(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    referral = referral_get_for_user(user, pk)
    places = selectors.vacant_places(referral, timezone.localdate())

    def run(referral: Referral, data: dict[str, Any]) -> str:
        episode = services.support_start(
            user=user,
            referral_id=referral.pk,
            service_id=data["service"].pk,
            started_on=data["started_on"],
            refuge_place_id=data["refuge_place"].pk if data["refuge_place"] else None,
        )
        return f"{episode.service.name} started."

    form = forms.SupportStartForm(request.POST or None, places=places)
    return _case_form(request, referral, title="Start support", form=form, run=run)


@login_required
@require_http_methods(["GET", "POST"])
def support_end(request: HttpRequest, pk: int, episode_id: int) -> HttpResponse:
    user = signed_in_user(request)
    referral_get_for_user(user, pk)
    if not SupportEpisode.objects.filter(pk=episode_id, referral_id=pk).exists():
        raise Http404("No such service")

    def run(referral: Referral, data: dict[str, Any]) -> str:
        episode = services.support_end(user=user, episode_id=episode_id, ended_on=data["ended_on"])
        return f"{episode.service.name} ended."

    return _case_form(request, pk, title="End a service", form=forms.SupportEndForm(request.POST or None), run=run)


@login_required
@require_http_methods(["GET", "POST"])
def safety_plan(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)

    def run(referral: Referral, data: dict[str, Any]) -> str:
        plan = services.safety_plan_record(
            user=user,
            referral_id=referral.pk,
            summary=data["summary"],
            review_on=data["review_on"],
            confirm_code_word=data["confirm_code_word"],
        )
        return f"Safety plan saved. Review by {plan.review_on:%-d %B %Y}."

    return _case_form(request, pk, title="Safety plan", form=forms.SafetyPlanForm(request.POST or None), run=run)


@login_required
@require_http_methods(["GET", "POST"])
def reassess(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    referral = referral_get_for_user(user, pk)
    current_level = referral.risk_level or RiskLevel.STANDARD
    form = RiskAssessmentForm(request.POST or None, checklist=current_checklist(), current_level=current_level)

    def run(referral: Referral, data: dict[str, Any]) -> str | tuple[str, int]:
        given = AssessmentInput(
            answers=form.answers(),
            police_callouts=tuple(data["police_callouts"]),
            judgement_level=data["judgement_level"],
            judgement_reason=data["judgement_reason"],
            honour_based_abuse=bool(data["honour_based_abuse"]),
        )
        assessment, outcome = services.case_reassess(
            user=user, referral_id=referral.pk, given=given, step_down_reason=form.step_down_reason()
        )
        if StepDown.objects.filter(assessment=assessment).exists():
            return outcome, messages.WARNING  # asked for, not done: the case keeps its level
        return outcome

    return _case_form(request, referral, title="Reassess risk", form=form, run=run)


@login_required
def step_downs(request: HttpRequest) -> HttpResponse:
    """A manager's list of step-downs waiting for approval, oldest first."""
    user = signed_in_user(request)
    waiting = list(step_down.step_downs_waiting_for(user))
    access_record(request=request, action=Action.LIST, records=[w.referral_id for w in waiting])
    return render(request, "casework/step_downs.html", {"waiting": waiting})


@login_required
@require_http_methods(["GET", "POST"])
def step_down_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """A manager approves or refuses a case's pending step-down, with a reason."""
    user = signed_in_user(request)
    referral = referral_get_for_user(user, pk)
    if not may_decide_step_down(user, referral):
        refusal = "Only a manager of the provider supporting this person can approve or refuse a step-down."
        return render(request, "referrals/problem.html", {"message": refusal, "referral_id": pk}, status=403)
    latest = referral.step_downs.select_related("requested_by", "decided_by", "assessment").last()

    def decide(data: dict[str, Any]) -> StepDown:
        decision = step_down.step_down_approve if data["decision"] == "approve" else step_down.step_down_refuse
        return decision(user=user, referral_id=referral.pk, reason=data["reason"])

    def done(decided: StepDown) -> Done:
        access_record(request=request, action=Action.CHANGE, records=referral)
        return Done(step_down.decision_message(decided), reverse("referrals:detail", args=[pk]))

    return form_page(
        request,
        forms.StepDownDecisionForm(request.POST or None),
        run=decide,
        done=done,
        template="casework/step_down.html",
        context={"referral": referral, "step_down": latest, "pending": latest and latest.state == "pending"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def transfer(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)

    def run(referral: Referral, data: dict[str, Any]) -> str:
        moved = services.case_transfer(
            user=user,
            referral_id=referral.pk,
            provider_id=data["provider"].pk,
            service_id=data["service"].pk,
            reason=data["reason"],
        )
        return f"Transferred to {moved.provider}."

    return _case_form(
        request, pk, title="Transfer to another provider", form=ManualRouteForm(request.POST or None), run=run
    )


@login_required
@require_http_methods(["GET", "POST"])
def close_case(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    form = forms.ClosureForm(request.POST or None)

    def run(referral: Referral, data: dict[str, Any]) -> str:
        services.case_close(
            user=user,
            referral_id=referral.pk,
            reason=data["reason"],
            outcomes=form.outcomes(),
            notes=data["notes"],
            confirm_code_word=data["confirm_code_word"],
        )
        told = ", ".join(sorted({listing.marac.name for listing in marac_listings}))
        return "Case closed with its outcomes." + (f" The coordinators of {told} have been told." if told else "")

    referral = referral_get_for_user(user, pk)
    marac_listings = marac_listings_of(referral)
    return _case_form(
        request, referral, title="Close the case", form=form, run=run, extra={"marac_listings": marac_listings}
    )
