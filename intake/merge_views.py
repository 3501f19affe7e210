"""Merging a duplicate person found later, and undoing it: administrators, from a person's candidates,
with a reason and a confirmation; both recorded by people.services (who, when, why). A person out of
the user's scope is 404, like their referrals."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from access_trail.access import Action
from access_trail.services import access_record
from accounts.auth import signed_in_user
from intake.people import known_people_like, people_visible_to, person_referrals_visible_to
from kidas.pages import Done, form_status, run_service
from people.models import Person, PersonMerge
from people.services import person_merge, person_unmerge

REASON_NEEDED = "Say why these records are the same person"


class MergeForm(forms.Form):
    reason = forms.CharField(
        label="Why are these records the same person?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": REASON_NEEDED},
    )
    confirmed = forms.BooleanField(
        label="I have checked that these records are the same person",
        error_messages={"required": "Confirm that you have checked these records are the same person"},
    )

    def __init__(self, data: Any, candidates: list[Any]) -> None:
        super().__init__(data)
        self.people = {str(k.candidate.person.pk): k.candidate.person for k in candidates}
        self.fields["into"] = forms.ChoiceField(
            label="Which person is this a duplicate of?",
            choices=[(pk, pk) for pk in self.people],
            error_messages={"required": "Choose the person to keep", "invalid_choice": "Choose the person to keep"},
        )
        self.order_fields(["into", "reason", "confirmed"])


class UnmergeForm(forms.Form):
    reason = forms.CharField(
        label="Why are these records not the same person?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why these records are not the same person"},
    )


def _person_for(user: Any, pk: int) -> Person:
    person = people_visible_to(user).filter(pk=pk).first()
    if person is None:
        raise Http404("No such person")
    return person


@login_required
@require_http_methods(["GET", "POST"])
def person_merge_page(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    person = _person_for(user, pk)
    referrals = list(person_referrals_visible_to(user, person))
    access_record(request=request, action=Action.VIEW, records=referrals, what=f"Merge page: person {person.pk}")
    typed = {"given_name": person.given_name, "family_name": person.family_name, "date_of_birth": person.date_of_birth}
    candidates = [k for k in known_people_like(user, **typed) if k.candidate.person.pk != person.pk]
    form = MergeForm(request.POST or None, candidates)
    if request.method == "POST" and form.is_valid():
        into = form.people[form.cleaned_data["into"]]
        outcome = run_service(
            request,
            lambda: person_merge(duplicate=person, into=into, by=user, reason=form.cleaned_data["reason"]),
            done=lambda merge: Done(
                f"{person.given_name} {person.family_name} merged into {into.given_name} {into.family_name}.",
                reverse("intake:person-merge", args=[into.pk]),
            ),
            form=form,
        )
        if outcome.response is not None:
            return outcome.response
    merges = PersonMerge.objects.filter(Q(duplicate=person) | Q(into=person)).select_related(
        "duplicate", "into", "by", "undone_by"
    )
    context = {
        "person": person,
        "referrals": referrals,
        "candidates": candidates,
        "form": form,
        "merges": merges.order_by("-at"),
    }
    return render(request, "people/merge.html", context, status=form_status(request))


@login_required
@require_http_methods(["GET", "POST"])
def person_unmerge_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo the merge that stands for this person as the duplicate (a person is merged into one at most)."""
    user = signed_in_user(request)
    person = _person_for(user, pk)
    merge = (
        PersonMerge.objects.filter(duplicate=person, undone_at__isnull=True)
        .select_related("duplicate", "into", "by")
        .first()
    )
    form = UnmergeForm(request.POST or None)
    if request.method == "POST" and merge is None:
        raise Http404("This record is not merged into anyone")
    if request.method == "POST" and merge is not None and form.is_valid():
        standing = merge
        outcome = run_service(
            request,
            lambda: person_unmerge(merge=standing, by=user, reason=form.cleaned_data["reason"]),
            done=lambda undone: Done(
                "The merge is undone.", reverse("intake:person-merge", args=[undone.duplicate_id])
            ),
            form=form,
        )
        if outcome.response is not None:
            return outcome.response
    context = {"person": person, "merge": merge, "form": form}
    return render(request, "people/unmerge.html", context, status=form_status(request))
