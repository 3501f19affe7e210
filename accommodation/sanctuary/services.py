"""The sanctuary scheme's steps: refer (triage or the case's provider), check eligibility, assess the property,
install measures, complete (the delivering provider), decline or withdraw (either side). Each step locks the
row, checks who may, moves by the transition (else 409), records who, when and why, and writes a move row."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.utils import timezone
from django_fsm import ConcurrentTransition, can_proceed

from accommodation.sanctuary import policies
from accommodation.sanctuary.models import (
    OPEN_SANCTUARY_STATES,
    Answer,
    SanctuaryMeasure,
    SanctuaryMeasureInstalled,
    SanctuaryMove,
    SanctuaryReferral,
    SanctuaryState,
    Tenure,
)
from accommodation.sanctuary.rules import Decision, Eligibility, eligibility
from accommodation.sanctuary.selectors import sanctuary_referral_get_for_user
from accounts.models import User
from kidas.errors import DomainError, NotPermitted, TransitionConflict
from people.models import Gender
from providers.models import Organisation
from referrals.selectors import referral_get_for_user


@transaction.atomic
def sanctuary_referral_make(*, user: User, referral_id: int, provider_id: int, note: str = "") -> SanctuaryReferral:
    referral = referral_get_for_user(user, referral_id)
    if not policies.may_refer_to_sanctuary(user, referral):
        raise NotPermitted("Only triage or the case's own provider can refer to the sanctuary scheme.")
    provider = Organisation.objects.filter(pk=provider_id, kind=Organisation.Kind.PROVIDER).first()
    if provider is None:
        raise DomainError("Choose the provider delivering the sanctuary scheme.")
    if referral.survivor_id is None:
        raise TransitionConflict("Say who the survivor is first (Who is this?), then refer her home.")
    if SanctuaryReferral.objects.filter(referral=referral, state__in=OPEN_SANCTUARY_STATES).exists():
        raise TransitionConflict("This case already has a sanctuary referral under way.")
    made = SanctuaryReferral.objects.create(
        referral=referral,
        survivor_id=referral.survivor_id,
        provider=provider,
        male_survivor=referral.gender == Gender.MAN,
        note=note.strip(),
        referred_by=user,
    )
    SanctuaryMove.objects.create(
        sanctuary_referral=made, move="refer", from_state="", to_state=made.state, by=user, why=made.note
    )
    return made


def _locked(user: User, sanctuary_id: int) -> SanctuaryReferral:
    sanctuary_referral_get_for_user(user, sanctuary_id)  # out of scope is 404
    return SanctuaryReferral.objects.select_for_update().select_related("referral").get(pk=sanctuary_id)


def _deliverer(user: User, sanctuary: SanctuaryReferral) -> None:
    if not policies.may_deliver_sanctuary(user, sanctuary.provider_id):
        raise NotPermitted(f"Only {sanctuary.provider} can record this for the scheme.")


def _move(
    sanctuary: SanctuaryReferral, move: str, *, user: User, why: str = "", before: Callable[[], None] | None = None
) -> SanctuaryReferral:
    transition_method = getattr(sanctuary, move)
    if not can_proceed(transition_method):
        raise TransitionConflict(
            f"Not possible now: this sanctuary referral is {sanctuary.get_state_display().lower()}."
        )
    from_state = sanctuary.state
    if before is not None:
        before()
    transition_method()
    try:
        sanctuary.save()
    except ConcurrentTransition:
        raise TransitionConflict("Someone else changed this referral at the same moment. Reload the page.") from None
    SanctuaryMove.objects.create(
        sanctuary_referral=sanctuary, move=move, from_state=from_state, to_state=sanctuary.state, by=user, why=why
    )
    return sanctuary


def _not_in_future(day: date, what: str) -> None:
    if day > timezone.localdate():
        raise DomainError(f"The {what} cannot be in the future: record it on the day.")


@transaction.atomic
def sanctuary_eligibility_record(
    *, user: User, sanctuary_id: int, perpetrator_lives_there: str, tenure: str, consent: str
) -> tuple[SanctuaryReferral, Eligibility]:
    """Record the three answers. Eligible moves on; not eligible ends the referral with its reasons; an answer
    still unknown keeps it referred, the answers kept, until asked again."""
    sanctuary = _locked(user, sanctuary_id)
    _deliverer(user, sanctuary)
    if perpetrator_lives_there not in Answer.values or consent not in Answer.values or tenure not in Tenure.values:
        raise DomainError('Answer each question ("Not known" is an answer).')
    if sanctuary.state != SanctuaryState.REFERRED:
        raise TransitionConflict(f"Eligibility is already settled: {sanctuary.get_state_display().lower()}.")
    found = eligibility(perpetrator_lives_there=perpetrator_lives_there, tenure=tenure, consent=consent)
    sanctuary.perpetrator_lives_there = perpetrator_lives_there
    sanctuary.tenure = tenure
    sanctuary.consent = consent
    sanctuary.eligibility_checked_by = user
    sanctuary.eligibility_checked_at = timezone.now()
    if found.decision is Decision.ELIGIBLE:
        _move(sanctuary, "check_eligible", user=user)
    elif found.decision is Decision.NOT_ELIGIBLE:
        sanctuary.ended_reason, sanctuary.ended_by, sanctuary.ended_at = found.explain(), user, timezone.now()
        _move(sanctuary, "find_not_eligible", user=user, why=found.explain())
    else:
        sanctuary.save()
    return sanctuary, found


@transaction.atomic
def sanctuary_assessment_record(
    *, user: User, sanctuary_id: int, assessed_on: date, notes: str = ""
) -> SanctuaryReferral:
    sanctuary = _locked(user, sanctuary_id)
    _deliverer(user, sanctuary)
    _not_in_future(assessed_on, "assessment")
    if assessed_on < timezone.localdate(sanctuary.referred_at):
        raise DomainError("The assessment cannot come before the referral.")

    def fill() -> None:
        sanctuary.assessed_on, sanctuary.assessed_by, sanctuary.assessment_notes = assessed_on, user, notes.strip()

    return _move(sanctuary, "assess", user=user, why=notes.strip(), before=fill)


@transaction.atomic
def sanctuary_installation_record(
    *, user: User, sanctuary_id: int, installed_on: date, measure_ids: list[int]
) -> SanctuaryReferral:
    """The measures installed that day (from the editable list). Installed on the day of the assessment:
    assessment and installation in one visit."""
    sanctuary = _locked(user, sanctuary_id)
    _deliverer(user, sanctuary)
    _not_in_future(installed_on, "installation")
    if sanctuary.assessed_on is not None and installed_on < sanctuary.assessed_on:
        raise DomainError("Measures cannot be installed before the property assessment.")
    measures = list(SanctuaryMeasure.objects.filter(pk__in=set(measure_ids), in_use=True))
    if not measures or len(measures) != len(set(measure_ids)):
        raise DomainError("Choose the measures installed, from the list.")

    def fill() -> None:
        sanctuary.installed_on, sanctuary.installed_by = installed_on, user

    moved = _move(sanctuary, "install", user=user, before=fill)
    SanctuaryMeasureInstalled.objects.bulk_create(
        SanctuaryMeasureInstalled(sanctuary_referral=moved, measure=m, installed_on=installed_on) for m in measures
    )
    return moved


@transaction.atomic
def sanctuary_complete(*, user: User, sanctuary_id: int, completed_on: date) -> SanctuaryReferral:
    sanctuary = _locked(user, sanctuary_id)
    _deliverer(user, sanctuary)
    _not_in_future(completed_on, "completion")
    if sanctuary.installed_on is not None and completed_on < sanctuary.installed_on:
        raise DomainError("The scheme cannot be completed before the measures were installed.")

    def fill() -> None:
        sanctuary.completed_on, sanctuary.completed_by = completed_on, user

    return _move(sanctuary, "complete", user=user, before=fill)


ENDINGS = {"declined": "decline", "withdrawn": "withdraw"}


@transaction.atomic
def sanctuary_end(*, user: User, sanctuary_id: int, outcome: str, reason: str) -> SanctuaryReferral:
    """The survivor declined, or the referral is withdrawn: by whoever referred or delivers it, with why."""
    sanctuary = _locked(user, sanctuary_id)
    if not (
        policies.may_refer_to_sanctuary(user, sanctuary.referral)
        or policies.may_deliver_sanctuary(user, sanctuary.provider_id)
    ):
        raise NotPermitted("Only triage, the case's provider or the scheme's provider can record this.")
    if outcome not in ENDINGS:
        raise DomainError("Choose declined by the survivor or withdrawn.")
    if not reason.strip():
        raise DomainError("Say why.")

    def fill() -> None:
        sanctuary.ended_reason, sanctuary.ended_by, sanctuary.ended_at = reason.strip(), user, timezone.now()

    return _move(sanctuary, ENDINGS[outcome], user=user, why=reason.strip(), before=fill)
