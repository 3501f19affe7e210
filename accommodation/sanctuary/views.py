"""The sanctuary scheme's pages: the list, referring a case's household, the record with its next step, and
the offers of support to everyone in the home. Thin: parse, call the services and selectors, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from access_trail.access import Action
from access_trail.services import access_record
from accommodation.sanctuary import forms, policies, selectors, services
from accommodation.sanctuary.models import SanctuaryReferral, SanctuaryState
from accommodation.sanctuary.rules import eligibility
from accommodation.sanctuary.selectors import SupportOffer
from accounts.auth import signed_in_user
from accounts.models import User
from kidas.pages import Done, form_status, run_service
from referrals.policies import may_use_case_tools, may_use_triage_queue
from referrals.selectors import referral_get_for_user

# The form for the record's next step, by state: (form, URL name, title).
NEXT_STEP: dict[str, tuple[type[django_forms.Form], str, str]] = {
    SanctuaryState.REFERRED: (forms.EligibilityForm, "accommodation:sanctuary-eligibility", "Check eligibility"),
    SanctuaryState.ELIGIBLE: (forms.AssessmentForm, "accommodation:sanctuary-assessment", "Property assessment"),
    SanctuaryState.ASSESSED: (forms.InstallationForm, "accommodation:sanctuary-installation", "Measures installed"),
    SanctuaryState.INSTALLED: (forms.CompletionForm, "accommodation:sanctuary-complete", "Complete"),
}


def support_offers(user: User, sanctuary: SanctuaryReferral) -> list[SupportOffer]:
    """Everyone in a SAFER home is eligible for support: the survivor's service (outreach or IDVA, from her
    case's provider, or a new referral through triage) and the children's service for each child in the home
    (asked for from the child's page)."""
    case = sanctuary.referral
    if may_use_case_tools(user, case):
        survivor_url: str | None = reverse("casework:support-start", args=[case.pk])
        note = "Start outreach or IDVA support on her case."
    elif may_use_triage_queue(user):
        survivor_url, note = reverse("referrals:new"), "Refer her for outreach or IDVA support."
    else:
        survivor_url, note = None, f"Her case's provider ({case.provider or 'not routed'}) or triage can start it."
    offers = [SupportOffer("The survivor", "Outreach or IDVA support", survivor_url, note)]
    for link in selectors.household_children(sanctuary):
        offers.append(
            SupportOffer(
                link.person.full_name or "A child in the home",
                "Children's support in safe accommodation (SASS)",
                reverse("referrals:child", args=[link.person_id]),
                "Refer the child from their page.",
            )
        )
    return offers


@login_required
@require_GET
def sanctuary_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    context = {
        "open": selectors.sanctuary_referrals_listed(user, under_way=True),
        "recent": selectors.sanctuary_referrals_listed(user, under_way=False)[:50],
    }
    return render(request, "accommodation/sanctuary/list.html", context)


def _form_page(
    request: HttpRequest,
    *,
    title: str,
    form: django_forms.Form,
    run: Callable[[dict[str, Any]], Done],
    context: dict[str, Any],
) -> HttpResponse:
    status = form_status(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = run_service(request, lambda: run(data), done=lambda done: done, form=form)
        if outcome.response is not None:
            return outcome.response
        status = outcome.status
    return render(request, "accommodation/form.html", {"form": form, "title": title, **context}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def sanctuary_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    referral = referral_get_for_user(user, pk)

    def run(d: dict[str, Any]) -> Done:
        made = services.sanctuary_referral_make(
            user=user, referral_id=referral.pk, provider_id=d["provider"].pk, note=d["note"]
        )
        access_record(request=request, action=Action.CHANGE, records=referral)
        return Done("Referred to the sanctuary scheme.", reverse("accommodation:sanctuary", args=[made.pk]))

    return _form_page(
        request,
        title="Refer to the sanctuary scheme (SAFER)",
        form=forms.SanctuaryReferralForm(request.POST or None),
        run=run,
        context={"referral": referral, "back": reverse("referrals:detail", args=[pk])},
    )


def _record(
    request: HttpRequest,
    sanctuary: SanctuaryReferral,
    *,
    submitted: django_forms.Form | None = None,
    status: int = 200,
) -> HttpResponse:
    """The record, with the form for its next step (for the delivering provider) and the ending form; a form
    just refused is shown again in its place with its errors."""
    user = signed_in_user(request)
    step = NEXT_STEP.get(sanctuary.state)
    may_deliver = policies.may_deliver_sanctuary(user, sanctuary.provider_id)
    may_end = sanctuary.is_open and (may_deliver or policies.may_refer_to_sanctuary(user, sanctuary.referral))
    step_form = end_form = None
    if step and may_deliver:
        step_form = submitted if isinstance(submitted, step[0]) else step[0]()
    if may_end:
        end_form = submitted if isinstance(submitted, forms.EndForm) else forms.EndForm()
    found = eligibility(
        perpetrator_lives_there=sanctuary.perpetrator_lives_there, tenure=sanctuary.tenure, consent=sanctuary.consent
    )
    context = {
        "sanctuary": sanctuary,
        "eligibility": found if sanctuary.eligibility_checked_at else None,
        "moves": sanctuary.moves.select_related("by"),
        "installed": sanctuary.installed.select_related("measure"),
        "step": (step_form, reverse(step[1], args=[sanctuary.pk]), step[2]) if step and step_form else None,
        "end_form": end_form,
        "forms_with_errors": [submitted] if submitted is not None and submitted.errors else [],
        "offers": support_offers(user, sanctuary),
    }
    return render(request, "accommodation/sanctuary/record.html", context, status=status)


@login_required
@require_GET
def sanctuary_detail(request: HttpRequest, sanctuary_id: int) -> HttpResponse:
    sanctuary = selectors.sanctuary_referral_get_for_user(signed_in_user(request), sanctuary_id)
    access_record(request=request, action=Action.VIEW, records=sanctuary.referral)
    return _record(request, sanctuary)


def _step(
    form_class: type[django_forms.Form], run: Callable[[User, int, dict[str, Any]], str]
) -> Callable[[HttpRequest, int], HttpResponse]:
    """A POST for one step. Refused, the record is shown again with the service's answer: 400 bad input,
    403 not theirs to do, 409 not possible in this state."""

    @login_required
    @require_http_methods(["POST"])
    def view(request: HttpRequest, sanctuary_id: int) -> HttpResponse:
        user = signed_in_user(request)
        sanctuary = selectors.sanctuary_referral_get_for_user(user, sanctuary_id)
        form = form_class(request.POST)
        status = 400
        if form.is_valid():
            data = form.cleaned_data

            def done(message: str) -> Done:
                access_record(request=request, action=Action.CHANGE, records=sanctuary.referral)
                return Done(message, reverse("accommodation:sanctuary", args=[sanctuary_id]))

            outcome = run_service(request, lambda: run(user, sanctuary_id, data), done=done, form=form)
            if outcome.response is not None:
                return outcome.response
            status = outcome.status
        sanctuary = selectors.sanctuary_referral_get_for_user(user, sanctuary_id)
        return _record(request, sanctuary, submitted=form, status=status)

    return view


def _eligibility(user: User, pk: int, d: dict[str, Any]) -> str:
    _, found = services.sanctuary_eligibility_record(
        user=user,
        sanctuary_id=pk,
        perpetrator_lives_there=d["perpetrator_lives_there"],
        tenure=d["tenure"],
        consent=d["consent"],
    )
    return f"Eligibility recorded: {found.decision.value}. {found.explain()}"


def _assessment(user: User, pk: int, d: dict[str, Any]) -> str:
    services.sanctuary_assessment_record(user=user, sanctuary_id=pk, assessed_on=d["assessed_on"], notes=d["notes"])
    return "Property assessment recorded."


def _installation(user: User, pk: int, d: dict[str, Any]) -> str:
    done = services.sanctuary_installation_record(
        user=user, sanctuary_id=pk, installed_on=d["installed_on"], measure_ids=[m.pk for m in d["measures"]]
    )
    return "Measures recorded" + (": assessment and installation in one visit." if done.one_visit else ".")


def _completion(user: User, pk: int, d: dict[str, Any]) -> str:
    services.sanctuary_complete(user=user, sanctuary_id=pk, completed_on=d["completed_on"])
    return "Sanctuary scheme completed."


def _end(user: User, pk: int, d: dict[str, Any]) -> str:
    ended = services.sanctuary_end(user=user, sanctuary_id=pk, outcome=d["outcome"], reason=d["reason"])
    return f"Recorded: {ended.get_state_display().lower()}."


sanctuary_eligibility = _step(forms.EligibilityForm, _eligibility)
sanctuary_assessment = _step(forms.AssessmentForm, _assessment)
sanctuary_installation = _step(forms.InstallationForm, _installation)
sanctuary_complete = _step(forms.CompletionForm, _completion)
sanctuary_end = _step(forms.EndForm, _end)
