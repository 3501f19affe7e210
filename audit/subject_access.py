"""Subject access: everything held about one person, as one JSON document. The person is found by the
same-person rule (referrals.selectors.same_person_as), so every referral of theirs comes along."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone

from audit.selectors import change_events
from casework.models import CaseNote, Closure, ContactAttempt, SafetyPlan, SupportEpisode, Transfer
from marac.models import MaracAction, MaracActionChange, MaracReferral, Research
from referrals.correction import Correction
from referrals.models import Child, Referral, RiskAssessment, StateChange
from referrals.selectors import same_person_as


def _row(obj: models.Model) -> dict[str, Any]:
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


def _rows(model: type[models.Model], **lookup: Any) -> list[dict[str, Any]]:
    return [_row(obj) for obj in model._default_manager.filter(**lookup)]


def person_referrals(referral: Referral) -> list[Referral]:
    return [referral, *same_person_as(referral)]


def _referral_document(referral: Referral) -> dict[str, Any]:
    cases = list(MaracReferral.objects.filter(referral=referral))
    return {
        "referral": _row(referral),
        "children": _rows(Child, referral=referral),
        "state_changes": _rows(StateChange, referral=referral),
        "risk_assessments": _rows(RiskAssessment, referral=referral),
        "contact_attempts": _rows(ContactAttempt, referral=referral),
        "case_notes": _rows(CaseNote, referral=referral),
        "support_episodes": _rows(SupportEpisode, referral=referral),
        "safety_plans": _rows(SafetyPlan, referral=referral),
        "transfers": _rows(Transfer, referral=referral),
        "closure": _rows(Closure, referral=referral),
        "corrections": _rows(Correction, referral=referral),
        "marac": [
            {
                "listing": _row(case),
                "research": _rows(Research, case=case),
                "actions": _rows(MaracAction, case=case),
                "action_changes": _rows(MaracActionChange, action__case=case),
            }
            for case in cases
        ],
        # The history of the person's own records: their values as they were; it is their data.
        "history": [
            {"at": e.at, "record": e.what, "id": e.record_id, "event": e.label, "values": e.changes}
            for e in change_events(referral, scrub=False)
        ],
    }


def subject_access_export(*, referral: Referral) -> dict[str, Any]:
    """Everything held about the person of this referral, with all their referrals."""
    referrals = person_referrals(referral)
    return {
        "generated_at": timezone.now(),
        "about": f"{referral.full_name}, born {referral.date_of_birth:%-d %B %Y}",
        "matched_by": "Same name and date of birth, plus the same postcode or phone number",
        "referrals": [_referral_document(r) for r in referrals],
    }
