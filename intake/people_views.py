"""The candidates panel of triage's new-referral page: as the worker types the person's details, the
people already known who may be her, each with what is known (the same enrichment as the people API).
POST, so that the names typed never appear in a URL or an access log line; it reads, it changes nothing."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from access_trail.access import Action
from access_trail.services import access_record
from accounts.auth import signed_in_user
from intake.people import known_people_like
from referrals.survivor_choice import SurvivorChoiceForm, typed_person_from_raw


@login_required
@require_POST
def referral_candidates(request: HttpRequest) -> HttpResponse:
    typed = typed_person_from_raw(request.POST)
    known = known_people_like(signed_in_user(request), **typed) if any(typed.values()) else []
    access_record(
        request=request,
        action=Action.VIEW,
        records=[k.open_case for k in known if k.open_case is not None],
        what="Candidates for a new referral: people " + ", ".join(str(k.candidate.person.pk) for k in known),
    )
    # Refreshed as the worker types: a choice already made stays made while that person is still offered.
    choice = SurvivorChoiceForm(None, known, shown_choice=request.POST.get("survivor", ""))
    return render(request, "referrals/_survivor_candidates.html", {"survivor_choice": choice})
