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

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models import F
from django.utils import timezone

from accommodation.children_service_models import ChildCase, ChildCaseStep, ChildGoal, ChildGoalScore, ChildSession
from accommodation.sanctuary.models import SanctuaryMeasureInstalled, SanctuaryMove, SanctuaryReferral
from audit.selectors import change_events_of
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


class _Grouped:
    """Rows of one model for many parents, read in one query and handed out per parent in the model's order:
    an export of a survivor's eleven referrals read each kind of record once, not eleven times."""

    def __init__(self, model: type[models.Model], key: str, parents: Iterable[Any], leave_out: tuple[str, ...] = ()):
        self.objects: dict[Any, list[Any]] = defaultdict(list)
        parent_ids = list(parents)
        if parent_ids:
            # A parent across a relation ("action__case_id") is read with each row.
            found = model._default_manager.filter(**{f"{key}__in": parent_ids}).annotate(_parent_id=F(key))
            for obj in found:
                self.objects[obj._parent_id].append(obj)
        self.leave_out = leave_out

    def objects_all(self) -> list[Any]:
        return [obj for objects in self.objects.values() for obj in objects]

    def of(self, parent_id: Any) -> list[Any]:
        return self.objects.get(parent_id, [])

    def rows(self, parent_id: Any) -> list[dict[str, Any]]:
        return [_row(obj, self.leave_out) for obj in self.of(parent_id)]


def person_referrals(referral: Referral) -> list[Referral]:
    """Every referral about this referral's survivor: by the person record, or the same-person rule."""
    if referral.survivor_id is not None:
        others = Referral.objects.filter(survivor_id=referral.survivor_id).exclude(pk=referral.pk)
        return [referral, *others.order_by("-received_at", "-id")]
    return [referral, *same_person_as(referral)]


def _without_perpetrators(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if key not in PERPETRATOR_FIELDS}


# A referral's own records, each a list of rows in the export.
REFERRAL_RECORDS: tuple[tuple[str, type[models.Model]], ...] = (
    ("children", Child),
    ("state_changes", StateChange),
    ("risk_assessments", RiskAssessment),
    ("contact_attempts", ContactAttempt),
    ("case_notes", CaseNote),
    ("support_episodes", SupportEpisode),
    ("safety_plans", SafetyPlan),
    ("transfers", Transfer),
    ("closure", Closure),
    # Her equality monitoring and pathways: her own answers, seen by nobody else at record level.
    ("equality_monitoring", EqualityMonitoring),
    ("pathways", ReferralPathway),
)


class _ChildCases:
    """Cases with the children's service and their own rows (group work is logged per child), read together."""

    def __init__(self, cases: list[ChildCase]):
        ids = [case.pk for case in cases]
        self.steps = _Grouped(ChildCaseStep, "case_id", ids)
        self.sessions = _Grouped(ChildSession, "case_id", ids)
        self.goals = _Grouped(ChildGoal, "case_id", ids)
        self.scores = _Grouped(ChildGoalScore, "goal_id", [goal.pk for goal in self.goals.objects_all()])

    def document(self, case: ChildCase) -> dict[str, Any]:
        return {
            "case": _row(case),
            "steps": self.steps.rows(case.pk),
            "sessions": self.sessions.rows(case.pk),
            "goals": [{"goal": _row(goal), "scores": self.scores.rows(goal.pk)} for goal in self.goals.of(case.pk)],
        }


def _child_case_documents(cases: list[ChildCase]) -> list[dict[str, Any]]:
    read = _ChildCases(cases)
    return [read.document(case) for case in cases]


def _referral_documents(referrals: list[Referral]) -> list[dict[str, Any]]:
    """Each referral's document, every kind of record read once for all of them."""
    ids = [referral.pk for referral in referrals]
    records = {name: _Grouped(model, "referral_id", ids) for name, model in REFERRAL_RECORDS}
    corrections = _Grouped(Correction, "referral_id", ids)
    sanctuaries = _Grouped(SanctuaryReferral, "referral_id", ids, leave_out=SANCTUARY_PERPETRATOR_FIELDS)
    sanctuary_ids = [sanctuary.pk for sanctuary in sanctuaries.objects_all()]
    measures = _Grouped(SanctuaryMeasureInstalled, "sanctuary_referral_id", sanctuary_ids)
    moves = _Grouped(SanctuaryMove, "sanctuary_referral_id", sanctuary_ids)
    child_cases = _Grouped(ChildCase, "referral_id", ids)
    child_case_rows = _ChildCases(child_cases.objects_all())
    marac_cases = _Grouped(MaracReferral, "referral_id", ids)
    case_ids = [case.pk for case in marac_cases.objects_all()]
    research = _Grouped(Research, "case_id", case_ids)
    actions = _Grouped(MaracAction, "case_id", case_ids)
    action_changes = _Grouped(MaracActionChange, "action__case_id", case_ids)
    history = change_events_of(referrals, scrub=False)
    return [
        {
            "referral": _row(referral, leave_out=PERPETRATOR_FIELDS),
            **{name: grouped.rows(referral.pk) for name, grouped in records.items()},
            # Safe accommodation: the household's sanctuary scheme, and her children's work with the children's service.
            "sanctuary_referrals": [
                {
                    "sanctuary_referral": _row(sanctuary, leave_out=SANCTUARY_PERPETRATOR_FIELDS),
                    "measures_installed": measures.rows(sanctuary.pk),
                    "steps": moves.rows(sanctuary.pk),
                }
                for sanctuary in sanctuaries.of(referral.pk)
            ],
            "childrens_service": [child_case_rows.document(case) for case in child_cases.of(referral.pk)],
            "corrections": [c for c in corrections.rows(referral.pk) if c.get("field") not in PERPETRATOR_FIELDS],
            "marac": [
                {
                    "listing": _row(case),
                    "research": research.rows(case.pk),
                    "actions": actions.rows(case.pk),
                    "action_changes": action_changes.rows(case.pk),
                }
                for case in marac_cases.of(referral.pk)
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
                for e in history[referral.pk]
            ],
        }
        for referral in referrals
    ]


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
        "referrals": _referral_documents(referrals),
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
        "referrals": _referral_documents(as_survivor),
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
        "childrens_service": _child_case_documents(list(ChildCase.objects.filter(child=person))),
    }


def person_export_referral_ids(document: dict[str, Any], person: Person) -> list[int]:
    """The referrals an export about a person touches, for the access trail."""
    ids = {r["referral"]["id"] for r in document["referrals"]}
    ids |= set(ReferralPerpetrator.objects.filter(person=person).values_list("referral_id", flat=True))
    ids |= set(ReferralChild.objects.filter(person=person).values_list("referral_id", flat=True))
    ids |= set(ChildCase.objects.filter(child=person).values_list("referral_id", flat=True))
    return sorted(ids)
