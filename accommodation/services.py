"""Refuge requests: asked for by triage or the case's provider, answered by the refuge's provider, declined
by the survivor; and a resident leaving a refuge. Pages and the API call these."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django_fsm import ConcurrentTransition, can_proceed

from accommodation.models import MoveOnDestination, RefugeLeaving, RefugeRequest, RefugeRequestState, UnsuitableReason
from accommodation.selectors import refuge_request_get_for_user, refuge_stay_get_for_user
from accounts.models import User
from casework.models import Refuge
from casework.services import support_end
from kidas.errors import DomainError, NotPermitted, TransitionConflict
from people.models import Gender
from referrals.policies import may_answer_refuge_request, may_request_refuge_place, may_work_case
from referrals.selectors import referral_get_for_user

# The refuge's answers; the survivor's is refuge_request_decline.
ANSWERS = {
    RefugeRequestState.ACCEPTED: "accept",
    RefugeRequestState.NO_CAPACITY: "no_capacity",
    RefugeRequestState.NOT_SUITABLE: "not_suitable",
}


@transaction.atomic
def refuge_request_make(
    *,
    user: User,
    referral_id: int,
    refuge_id: int,
    out_of_area: bool,
    adults: int,
    children: int,
    needs_wheelchair_access: bool,
    children_ages: str = "",
    needs: str = "",
) -> RefugeRequest:
    referral = referral_get_for_user(user, referral_id)
    if not may_request_refuge_place(user, referral):
        raise NotPermitted("Only triage or the case's own provider can ask a refuge for a place.")
    refuge = Refuge.objects.filter(pk=refuge_id).first()
    if refuge is None:
        raise DomainError("Choose a refuge.")
    if adults < 1:
        raise DomainError("A household has at least one adult.")
    if children < 0:
        raise DomainError("The number of children cannot be negative.")
    if RefugeRequest.objects.filter(referral=referral, refuge=refuge, state=RefugeRequestState.REQUESTED).exists():
        raise TransitionConflict(f"{refuge} has not yet answered this case's last request.")
    return RefugeRequest.objects.create(
        referral=referral,
        refuge=refuge,
        out_of_area=out_of_area,
        adults=adults,
        children=children,
        children_ages=children_ages.strip(),
        male_survivor=referral.gender == Gender.MAN,
        needs_wheelchair_access=needs_wheelchair_access,
        needs=needs.strip(),
        requested_by=user,
    )


def _move(request: RefugeRequest, move: str, *, user: User, note: str, reason: str = "") -> RefugeRequest:
    transition_method = getattr(request, move)
    if not can_proceed(transition_method):
        raise TransitionConflict(f"This request is already answered: {request.get_state_display().lower()}.")
    transition_method()
    request.unsuitable_reason = reason
    request.answered_by = user
    request.answered_at = timezone.now()
    request.answer_note = note.strip()
    try:
        request.save()
    except ConcurrentTransition:
        raise TransitionConflict("Someone else answered this request at the same moment. Reload the page.") from None
    return request


@transaction.atomic
def refuge_request_answer(
    *, user: User, request_id: int, outcome: str, unsuitable_reason: str = "", note: str = ""
) -> RefugeRequest:
    """The refuge's answer: accepted, no capacity, or not suitable with its reason."""
    request = refuge_request_get_for_user(user, request_id)
    if not may_answer_refuge_request(user, request.refuge.provider_id):
        raise NotPermitted(f"Only {request.refuge.provider} can answer for {request.refuge}.")
    if outcome not in ANSWERS:
        raise DomainError("Choose accepted, no capacity or not suitable.")
    if outcome == RefugeRequestState.NOT_SUITABLE:
        if unsuitable_reason not in UnsuitableReason.values:
            raise DomainError("Say why the refuge is not suitable.")
    else:
        unsuitable_reason = ""
    return _move(request, ANSWERS[RefugeRequestState(outcome)], user=user, note=note, reason=unsuitable_reason)


@transaction.atomic
def refuge_request_decline(*, user: User, request_id: int, note: str) -> RefugeRequest:
    """The survivor declined the place (before or after the refuge accepted). Recorded with why."""
    request = refuge_request_get_for_user(user, request_id)
    if not (
        may_request_refuge_place(user, request.referral) or may_answer_refuge_request(user, request.refuge.provider_id)
    ):
        raise NotPermitted("Only triage, the case's provider or the refuge can record this.")
    if not note.strip():
        raise DomainError("Say why the survivor declined the place.")
    return _move(request, "decline", user=user, note=note)


@transaction.atomic
def refuge_leaving_record(*, user: User, stay_id: int, left_on: date, planned: bool, destination: str) -> RefugeLeaving:
    """A resident left a refuge: their stay ends that day, planned or not, and where they went."""
    stay = refuge_stay_get_for_user(user, stay_id)
    if stay.refuge_place_id is None:
        raise TransitionConflict("This service is not a stay in a refuge.")
    if not may_work_case(user, stay.referral):
        raise NotPermitted("Only the case's provider can record a move-on.")
    if destination not in MoveOnDestination.values:
        raise DomainError("Say where they moved on to (or 'Not known').")
    support_end(user=user, episode_id=stay.pk, ended_on=left_on)
    return RefugeLeaving.objects.create(
        stay=stay, left_on=left_on, planned=planned, destination=destination, recorded_by=user
    )
