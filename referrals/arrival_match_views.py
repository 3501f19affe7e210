"""Triage's page for a public or partner referral matched on arrival: the people already known who may
be her, with what is known of them, and the answer same person or new person (with a reason when an
answer already given is changed). Scoped like the referral (out of scope is 404)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from access_trail.access import Action
from access_trail.services import access_record
from accounts.auth import signed_in_user
from kidas.pages import Done, form_status, run_service
from referrals import selectors
from referrals.arrival_match import arrival_match_answer
from referrals.models import ArrivalMatch
from referrals.survivor_choice import SurvivorChoiceForm, survivor_candidates, typed_person_of


class ArrivalAnswerForm(SurvivorChoiceForm):
    def __init__(self, data: Any, candidates: Any, *, match: ArrivalMatch) -> None:
        super().__init__(data, candidates)
        if match.answer:
            self.fields["reason"] = forms.CharField(
                label="Why are you changing who this person is?",
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={"required": "Give a reason for changing who this person is"},
            )


def _known_candidates(user: Any, match: ArrivalMatch) -> list[Any]:
    """The stored candidates this user may see, each with what is known of them now, best first."""
    typed = typed_person_of(match.referral)
    known = {k.candidate.person.pk: k for k in survivor_candidates(user, typed)}
    return [known[pk] for pk in match.candidate_ids if pk in known]


@login_required
@require_http_methods(["GET", "POST"])
def arrival_match_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    referral = selectors.referral_get_for_user(user, pk)
    match = ArrivalMatch.objects.filter(referral=referral).select_related("answered_by").first()
    access_record(request=request, action=Action.VIEW, records=referral, what="Who is this: candidates")
    if match is None:
        if request.method == "POST":
            raise Http404("Nobody was found on arrival who may be this person")
        return render(request, "referrals/arrival_match.html", {"referral": referral, "match": None})
    candidates = _known_candidates(user, match)
    form = ArrivalAnswerForm(request.POST or None, candidates, match=match)
    if request.method == "POST" and form.is_valid():
        outcome = run_service(
            request,
            lambda: arrival_match_answer(
                user=user, match=match, person=form.chosen_person(), reason=form.cleaned_data.get("reason", "")
            ),
            done=lambda answered: Done(
                f"Recorded: {answered.get_answer_display().lower()}.", reverse("referrals:detail", args=[pk])
            ),
            form=form,
        )
        if outcome.response is not None:
            return outcome.response
    context = {
        "referral": referral,
        "match": match,
        "survivor_choice": form,
        "forms_with_errors": [form] if form.errors else [],
    }
    return render(request, "referrals/arrival_match.html", context, status=form_status(request))
