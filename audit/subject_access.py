"""Subject access: everything held about one person, as one JSON document, per person and per role.

- A survivor gets every referral about them (their person record links them; a referral not yet linked to
  a person falls back to the same-person rule, referrals.selectors.same_person_as), in full, but WITHOUT
  the alleged perpetrators' details: the perpetrator's name on the referral, the perpetrator links and
  those people's records are left out, in the history too.
- An alleged perpetrator gets their own person record and that they were named on a referral (its
  reference, date, the relationship recorded), never the survivor's or the children's details.
- A survivor's referrals carry her household's sanctuary scheme records (without the answer about where the
  perpetrator lives) and her children's records with the children's service (each child's case, its steps,
  sessions and goals with their scores: nothing of a case but its own rows).
- A child gets their own record, the households they are in (reference, date, relationship), their needs and
  their own records with the children's service.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone

from accommodation.children_service_models import ChildCase, ChildCaseStep, ChildGoal, ChildGoalScore, ChildSession
from accommodation.sanctuary.models import SanctuaryMeasureInstalled, SanctuaryMove, SanctuaryReferral
from audit.selectors import change_events
from casework.models import CaseNote, Closure, ContactAttempt, SafetyPlan, SupportEpisode, Transfer
from marac.models import MaracAction, MaracActionChange, MaracReferral, Research
from monitoring.models import EqualityMonitoring, ReferralPathway
from people.models import Person, PersonAddress, PersonEmail, PersonName, PersonPhone, SafeContact
from referrals.child_needs import ChildNeed
from referrals.correction import Correction
from referrals.models import Child, Referral, ReferralChild, ReferralPerpetrator, RiskAssessment, StateChange
from referrals.selectors import same_person_as

# The referral's own copy of the perpetrator's details: left out of a survivor's export. (Whether the
# perpetrator can see her phone is her safety, and stays.)
PERPETRATOR_FIELDS = ("perpetrator_name", "perpetrator_relationship", "perpetrator_lives_with_victim")
# The sanctuary referral's answer about the perpetrator (whether he lives at the property): left out likewise.
SANCTUARY_PERPETRATOR_FIELDS = ("perpetrator_lives_there",)


def _row(obj: models.Model, leave_out: tuple[str, ...] = ()) -> dict[str, Any]:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.attname not in leave_out}


def _rows(model: type[models.Model], **lookup: Any) -> list[dict[str, Any]]:
    return [_row(obj) for obj in model._default_manager.filter(**lookup)]


def person_referrals(referral: Referral) -> list[Referral]:
    """Every referral about this referral's survivor: by the person record, or the same-person rule."""
    if referral.survivor_id is not None:
        others = Referral.objects.filter(survivor_id=referral.survivor_id).exclude(pk=referral.pk)
        return [referral, *others.order_by("-received_at", "-id")]
    return [referral, *same_person_as(referral)]


def _without_perpetrators(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if key not in PERPETRATOR_FIELDS}


def _sanctuary_document(sanctuary: SanctuaryReferral) -> dict[str, Any]:
    return {
        "sanctuary_referral": _row(sanctuary, leave_out=SANCTUARY_PERPETRATOR_FIELDS),
        "measures_installed": _rows(SanctuaryMeasureInstalled, sanctuary_referral=sanctuary),
        "steps": _rows(SanctuaryMove, sanctuary_referral=sanctuary),
    }


def _child_case_document(case: ChildCase) -> dict[str, Any]:
    """One child's case with the children's service: only its own rows (group work is logged per child)."""
    return {
        "case": _row(case),
        "steps": _rows(ChildCaseStep, case=case),
        "sessions": _rows(ChildSession, case=case),
        "goals": [
            {"goal": _row(goal), "scores": _rows(ChildGoalScore, goal=goal)}
            for goal in ChildGoal.objects.filter(case=case)
        ],
    }


def _referral_document(referral: Referral) -> dict[str, Any]:
    cases = list(MaracReferral.objects.filter(referral=referral))
    return {
        "referral": _row(referral, leave_out=PERPETRATOR_FIELDS),
        "children": _rows(Child, referral=referral),
        "state_changes": _rows(StateChange, referral=referral),
        "risk_assessments": _rows(RiskAssessment, referral=referral),
        "contact_attempts": _rows(ContactAttempt, referral=referral),
        "case_notes": _rows(CaseNote, referral=referral),
        "support_episodes": _rows(SupportEpisode, referral=referral),
        "safety_plans": _rows(SafetyPlan, referral=referral),
        "transfers": _rows(Transfer, referral=referral),
        "closure": _rows(Closure, referral=referral),
        # Her equality monitoring and pathways: her own answers, seen by nobody else at record level.
        "equality_monitoring": _rows(EqualityMonitoring, referral=referral),
        "pathways": _rows(ReferralPathway, referral=referral),
        # Safe accommodation: the household's sanctuary scheme, and her children's work with the children's service.
        "sanctuary_referrals": [
            _sanctuary_document(sanctuary) for sanctuary in SanctuaryReferral.objects.filter(referral=referral)
        ],
        "childrens_service": [_child_case_document(case) for case in ChildCase.objects.filter(referral=referral)],
        "corrections": [c for c in _rows(Correction, referral=referral) if c.get("field") not in PERPETRATOR_FIELDS],
        "marac": [
            {
                "listing": _row(case),
                "research": _rows(Research, case=case),
                "actions": _rows(MaracAction, case=case),
                "action_changes": _rows(MaracActionChange, action__case=case),
            }
            for case in cases
        ],
        # The history of the person's own records: their values as they were; it is their data (the
        # perpetrator's details excepted).
        "history": [
            {
                "at": e.at,
                "record": e.what,
                "id": e.record_id,
                "event": e.label,
                "values": _without_perpetrators(e.changes),
            }
            for e in change_events(referral, scrub=False)
        ],
    }


def _person_record(person: Person) -> dict[str, Any]:
    """The person's own record: names, addresses, phones, emails, safe contact, and records merged into it."""
    merged = list(Person.objects.filter(merged_into=person))
    return {
        "person": _row(person),
        "other_names": _rows(PersonName, person=person),
        "addresses": _rows(PersonAddress, person=person),
        "phones": _rows(PersonPhone, person=person),
        "emails": _rows(PersonEmail, person=person),
        "safe_contact": _rows(SafeContact, person=person),
        "merged_records": [_person_record(other) for other in merged],
    }


def subject_access_export(*, referral: Referral) -> dict[str, Any]:
    """Everything held about the survivor of this referral, with all their referrals."""
    referrals = person_referrals(referral)
    survivor = referral.survivor
    return {
        "generated_at": timezone.now(),
        "about": f"{referral.full_name}, born {referral.date_of_birth:%-d %B %Y}",
        "matched_by": "The person record the referrals are linked to"
        if survivor is not None
        else "Same name and date of birth, plus the same postcode or phone number",
        "left_out": "The alleged perpetrators' details (their own subject access covers them)",
        "person": _person_record(survivor) if survivor is not None else None,
        "referrals": [_referral_document(r) for r in referrals],
    }


def person_subject_access_export(*, person: Person) -> dict[str, Any]:
    """Everything held about one person, in each role they have (the module's docstring says what is left out)."""
    as_survivor = list(Referral.objects.filter(survivor=person).order_by("-received_at", "-id"))
    as_perpetrator = ReferralPerpetrator.objects.filter(person=person).select_related("referral")
    as_child = ReferralChild.objects.filter(person=person).select_related("referral")
    return {
        "generated_at": timezone.now(),
        "about": str(person),
        "left_out": "Other people's details: a survivor's export has no perpetrator's details, and a "
        "perpetrator's export no survivor's or children's details",
        "person": _person_record(person),
        "referrals": [_referral_document(r) for r in as_survivor],
        "named_as_alleged_perpetrator": [
            {
                "referral": link.referral.reference,
                "received_at": link.referral.received_at,
                "relationship": link.get_relationship_display(),
                "lives_with_survivor": link.lives_with_survivor,
            }
            for link in as_perpetrator
        ],
        "as_a_child": [
            {
                "referral": link.referral.reference,
                "received_at": link.referral.received_at,
                "relationship": link.get_relationship_display(),
                "lives_in_household": link.get_lives_in_household_display(),
            }
            for link in as_child
        ],
        "needs": _rows(ChildNeed, child=person),
        "childrens_service": [_child_case_document(case) for case in ChildCase.objects.filter(child=person)],
    }


def person_export_referral_ids(document: dict[str, Any], person: Person) -> list[int]:
    """The referrals an export about a person touches, for the access trail."""
    ids = {r["referral"]["id"] for r in document["referrals"]}
    ids |= set(ReferralPerpetrator.objects.filter(person=person).values_list("referral_id", flat=True))
    ids |= set(ReferralChild.objects.filter(person=person).values_list("referral_id", flat=True))
    ids |= set(ChildCase.objects.filter(child=person).values_list("referral_id", flat=True))
    return sorted(ids)
