"""The end of the retention period: a closed case is anonymised, never deleted. Its rows and counts stay
for reports (risk level, district, dates, states, outcomes, services); names, the date of birth (kept
as the year only), contact details and free text are blanked, in the history tables too.

Per person: a person's own record (names, addresses, phones, emails, safe contact, a child's needs) is
kept while any referral they are on, as survivor, alleged perpetrator or child, is; once every one of them
is anonymised, so is the person."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pghistory
import pgtrigger
from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.db.models.functions import TruncYear
from django.utils import timezone

from access_trail.services import access_record_system
from accommodation.children_service import LEVEL_FIELDS
from accommodation.children_service_models import ChildCase, ChildCaseStep, ChildGoal, ChildSession
from audit.models import TRACKED, Action, Anonymisation, Correction, PersonAnonymisation
from casework.models import CaseNote, Closure, ContactAttempt, SafetyPlan, Transfer
from marac.models import MaracAction, MaracActionChange, Research
from people.models import Person, PersonAddress, PersonEmail, PersonName, PersonPhone, SafeContact
from referrals.child_needs import ChildNeed
from referrals.models import Child, Referral, ReferralChild, ReferralPerpetrator, RiskAssessment, StateChange
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
        # The children's service's free text (the case's own rules want a reason and a named professional).
        (
            ChildCase,
            "referral_id",
            {
                "reason": ANONYMISED_NAME,
                "closed_reason": Case(When(closed_reason="", then=Value("")), default=Value(ANONYMISED_NAME)),
                "referrer_name": Case(When(referrer_name="", then=Value("")), default=Value(ANONYMISED_NAME)),
                "referrer_agency": Case(When(referrer_agency="", then=Value("")), default=Value(ANONYMISED_NAME)),
            },
        ),
        (ChildCaseStep, "case__referral_id", {"reason": ""}),
        (ChildSession, "case__referral_id", {"notes": ""}),
        (
            ChildGoal,
            "case__referral_id",
            dict.fromkeys(("title", *LEVEL_FIELDS), ""),
        ),
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
        _blank(_blanks(), referral_ids)
        Anonymisation.objects.bulk_create([Anonymisation(referral_id=pk) for pk in referral_ids])
        access_record_system(action=Action.ANONYMISE, records=referral_ids, what="Retention sweep")


def _person_blanks() -> list[tuple[type[models.Model], str, dict[str, Any]]]:
    """Each model of a person's own data: how it reaches the person, and what its personal fields become."""
    return [
        (
            Person,
            "pk",
            {
                "given_name": ANONYMISED_NAME,
                "family_name": "",
                "given_key": "",
                "family_key": "",
                "pronouns": "",
                "date_of_birth": TruncYear("date_of_birth"),
            },
        ),
        (PersonName, "person_id", {"given_name": "", "family_name": "", "given_key": "", "family_key": ""}),
        (PersonAddress, "person_id", {"line_1": "", "line_2": "", "town": "", "postcode": ""}),
        (PersonPhone, "person_id", {"number": ""}),
        (PersonEmail, "person_id", {"address": ""}),
        (SafeContact, "person_id", {"safe_phone": "", "safe_email": "", "safe_times": "", "code_word": ""}),
        (ChildNeed, "child_id", {"need": "", "help_given": ""}),
    ]


def people_due_for_anonymisation() -> models.QuerySet[Person]:
    """People on at least one referral, every one of which (as survivor, alleged perpetrator or child) is
    anonymised, and not yet anonymised themselves."""
    kept = Referral.objects.filter(anonymisation__isnull=True)
    on_any = Q(referrals_as_survivor__isnull=False) | Q(perpetrator_links__isnull=False) | Q(child_links__isnull=False)
    return (
        Person.objects.filter(personanonymisation__isnull=True)
        .filter(Exists(Person.objects.filter(on_any, pk=OuterRef("pk"))))
        .exclude(Exists(kept.filter(survivor_id=OuterRef("pk"))))
        .exclude(Exists(ReferralPerpetrator.objects.filter(person_id=OuterRef("pk"), referral__in=kept)))
        .exclude(Exists(ReferralChild.objects.filter(person_id=OuterRef("pk"), referral__in=kept)))
    )


def _blank(blanks: list[tuple[type[models.Model], str, dict[str, Any]]], ids: list[int]) -> None:
    for model, lookup, fields in blanks:
        rows = model._default_manager.filter(**{f"{lookup}__in": ids})
        row_ids = list(rows.values_list("pk", flat=True))
        if not row_ids:
            continue
        model._default_manager.filter(pk__in=row_ids).update(**fields)
        if model in TRACKED:  # the history holds the values as they were: blank them there too
            _event_model(model)._default_manager.filter(pgh_obj_id__in=row_ids).update(**fields)


def people_anonymise(*, person_ids: list[int]) -> None:
    """Blank these people's own records, history included."""
    protected = [f"audit.{name}:append_only" for name in TRACKED.values()]
    with transaction.atomic(), pghistory.context(task="retention"), pgtrigger.ignore(*protected):
        _blank(_person_blanks(), person_ids)
        PersonAnonymisation.objects.bulk_create([PersonAnonymisation(person_id=pk) for pk in person_ids])


def retention_sweep(*, now: datetime | None = None) -> int:
    """Anonymise every referral past its retention period, in batches, then every person none of whose
    referrals is kept any longer. Safe to run again: returns 0. Counts the referrals."""
    done = 0
    while True:
        ids = list(referrals_due_for_anonymisation(now).order_by("pk").values_list("pk", flat=True)[:BATCH])
        if not ids:
            break
        referrals_anonymise(referral_ids=ids)
        done += len(ids)
    while True:
        person_ids = list(people_due_for_anonymisation().order_by("pk").values_list("pk", flat=True)[:BATCH])
        if not person_ids:
            return done
        people_anonymise(person_ids=person_ids)
