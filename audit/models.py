"""The audit trail. Access events are written by `access_trail.services.access_record`; changes to
person-bearing rows are captured by database triggers (django-pghistory), with the request's user
and address attached as context, so a change made outside the app is captured too. The database
refuses UPDATE and DELETE on the trail (pgtrigger Protect)."""

from __future__ import annotations

import pghistory
from django.db import models
from django.utils import timezone

from access_trail.access import APPEND_ONLY as APPEND_ONLY
from access_trail.access import AccessEvent as AccessEvent
from access_trail.access import Action as Action
from casework.models import CaseNote, Closure, ContactAttempt, SafetyPlan, StepDown, SupportEpisode, Transfer
from marac.models import MaracAction, MaracActionChange, MaracNotice, MaracReferral, Research
from people.models import (
    Person,
    PersonAddress,
    PersonEmail,
    PersonMerge,
    PersonName,
    PersonPhone,
    SafeContact,
)
from referrals.child_needs import ChildNeed
from referrals.correction import Correction as Correction
from referrals.models import (
    ArrivalMatch,
    Child,
    Referral,
    ReferralChild,
    ReferralPerpetrator,
    RiskAssessment,
    SafeContactCheck,
    StateChange,
)


class Anonymisation(models.Model):
    """A referral anonymised at the end of its retention period: the sweep's record, so it runs once."""

    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="anonymisation")
    at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.referral} anonymised {self.at:%Y-%m-%d}"


class PersonAnonymisation(models.Model):
    """A person anonymised once none of their referrals was kept any longer (audit.retention)."""

    person = models.OneToOneField("people.Person", on_delete=models.PROTECT)
    at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Person {self.person_id} anonymised {self.at:%Y-%m-%d}"


# Changes to every person-bearing row, with before and after values, by database triggers.
# The event tables live here (one app for the whole trail) and are append-only.
def _track(model: type[models.Model], name: str) -> type[models.Model]:
    return pghistory.track(
        pghistory.InsertEvent(),
        pghistory.UpdateEvent(),
        pghistory.DeleteEvent(),
        app_label="audit",
        model_name=name,
        append_only=True,
        exclude=UNTRACKED.get(model, []),
    )(model)


# Columns kept from other rows, which have a trail of their own: a referral's `listed_at_marac` follows its
# MARAC listings (tracked below), so its setting is no change to the referral worth an event.
UNTRACKED: dict[type[models.Model], list[str]] = {Referral: ["listed_at_marac"]}


TRACKED: dict[type[models.Model], str] = {
    Referral: "ReferralEvent",
    Child: "ChildEvent",
    StateChange: "StateChangeEvent",
    RiskAssessment: "RiskAssessmentEvent",
    ContactAttempt: "ContactAttemptEvent",
    CaseNote: "CaseNoteEvent",
    SupportEpisode: "SupportEpisodeEvent",
    SafetyPlan: "SafetyPlanEvent",
    Transfer: "TransferEvent",
    Closure: "ClosureEvent",
    StepDown: "StepDownEvent",
    MaracReferral: "MaracReferralEvent",
    Research: "ResearchEvent",
    MaracAction: "MaracActionEvent",
    MaracActionChange: "MaracActionChangeEvent",
    MaracNotice: "MaracNoticeEvent",
    Correction: "CorrectionEvent",
    Person: "PersonEvent",
    PersonName: "PersonNameEvent",
    PersonAddress: "PersonAddressEvent",
    PersonPhone: "PersonPhoneEvent",
    PersonEmail: "PersonEmailEvent",
    SafeContact: "SafeContactEvent",
    PersonMerge: "PersonMergeEvent",
    ReferralPerpetrator: "ReferralPerpetratorEvent",
    ReferralChild: "ReferralChildEvent",
    ChildNeed: "ChildNeedEvent",
    ArrivalMatch: "ArrivalMatchEvent",
    SafeContactCheck: "SafeContactCheckEvent",
}
for _model, _name in TRACKED.items():
    _track(_model, _name)
