"""The end of the retention period: a closed case is anonymised, never deleted. Its rows and counts stay
for reports (risk level, district, dates, states, outcomes, services); names, the date of birth (kept
as the year only), contact details and free text are blanked, in the history tables too."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pghistory
import pgtrigger
from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models.functions import TruncYear
from django.utils import timezone

from access_trail.services import access_record_system
from audit.models import TRACKED, Action, Anonymisation, Correction
from casework.models import CaseNote, Closure, ContactAttempt, SafetyPlan, Transfer
from marac.models import MaracAction, MaracActionChange, Research
from referrals.models import Child, Referral, RiskAssessment, StateChange
from referrals.states import State

FINISHED_STATES = (State.CLOSED, State.WITHDRAWN, State.DUPLICATE)
BATCH = 500
ANONYMISED_NAME = "Anonymised"


def _blanks() -> list[tuple[type[models.Model], str, dict[str, Any]]]:
    """Each model with personal data: how it reaches the referral, and what its personal fields become."""
    return [
        (
            Referral,
            "pk",
            {
                "first_name": ANONYMISED_NAME,
                "last_name": "",
                "date_of_birth": TruncYear("date_of_birth"),
                "pronouns": "",
                "address_line_1": "",
                "address_line_2": "",
                "town": "",
                "postcode": "",
                "disabilities": "",
                "phone": "",
                "safe_phone": "",
                "safe_email": "",
                "safe_times": "",
                "code_word": "",
                "perpetrator_name": "",
                "referrer_name": "",
                "referrer_contact": "",
                "consent_refusal_reason": "",
                "circumstances": "",
                "last_decline_reason": "",
            },
        ),
        (Child, "referral_id", {"first_name": "Child", "date_of_birth": TruncYear("date_of_birth")}),
        (StateChange, "referral_id", {"reason": ""}),
        (RiskAssessment, "referral_id", {"judgement_reason": ""}),
        (ContactAttempt, "referral_id", {"notes": ""}),
        (CaseNote, "referral_id", {"text": ""}),
        (SafetyPlan, "referral_id", {"summary": ""}),
        (Transfer, "referral_id", {"reason": ""}),
        (Closure, "referral_id", {"notes": ""}),
        (Research, "case__referral_id", {"text": ""}),
        (MaracAction, "case__referral_id", {"person": "", "description": ""}),
        (MaracActionChange, "action__case__referral_id", {"reason": ""}),
        (Correction, "referral_id", {"old_value": "", "new_value": "", "reason": ""}),
    ]


def retention_cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - relativedelta(years=settings.RETENTION_YEARS)


def referrals_due_for_anonymisation(now: datetime | None = None) -> models.QuerySet[Referral]:
    """Finished (closed, withdrawn, duplicate) before the cutoff, and not yet anonymised."""
    return Referral.objects.filter(
        state__in=FINISHED_STATES, state_changed_at__lt=retention_cutoff(now), anonymisation__isnull=True
    )


def _event_model(model: type[models.Model]) -> type[models.Model]:
    return apps.get_model("audit", TRACKED[model])


def referrals_anonymise(*, referral_ids: list[int]) -> None:
    """Blank the personal data of these referrals and everything hanging off them, history included."""
    protected = [f"audit.{name}:append_only" for name in TRACKED.values()] + ["audit.Correction:append_only"]
    with transaction.atomic(), pghistory.context(task="retention"), pgtrigger.ignore(*protected):
        for model, lookup, blanks in _blanks():
            rows = model._default_manager.filter(**{f"{lookup}__in": referral_ids})
            row_ids = list(rows.values_list("pk", flat=True))
            if not row_ids:
                continue
            model._default_manager.filter(pk__in=row_ids).update(**blanks)
            # The history holds the values as they were: blank them there too.
            _event_model(model)._default_manager.filter(pgh_obj_id__in=row_ids).update(**blanks)
        Anonymisation.objects.bulk_create([Anonymisation(referral_id=pk) for pk in referral_ids])
        access_record_system(action=Action.ANONYMISE, records=referral_ids, what="Retention sweep")


def retention_sweep(*, now: datetime | None = None) -> int:
    """Anonymise every referral past its retention period, in batches. Safe to run again: returns 0."""
    done = 0
    while True:
        ids = list(referrals_due_for_anonymisation(now).order_by("pk").values_list("pk", flat=True)[:BATCH])
        if not ids:
            return done
        referrals_anonymise(referral_ids=ids)
        done += len(ids)
