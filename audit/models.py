"""The audit trail. Access events are written by `audit.services.access_record`; changes to
person-bearing rows are captured by database triggers (django-pghistory), with the request's user
and address attached as context, so a change made outside the app is captured too. The database
refuses UPDATE and DELETE on the trail (pgtrigger Protect)."""

from __future__ import annotations

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils import timezone

from casework.models import CaseNote, Closure, ContactAttempt, SafetyPlan, StepDown, SupportEpisode, Transfer
from marac.models import MaracAction, MaracActionChange, MaracNotice, MaracReferral, Research
from referrals.models import Child, Referral, RiskAssessment, StateChange

APPEND_ONLY = pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)


class Action(models.TextChoices):
    VIEW = "view", "Viewed a record"
    LIST = "list", "Listed records"
    CHANGE = "change", "Changed a record"
    EXPORT = "export", "Exported"
    PRINT = "print", "Printed"
    SUBJECT_ACCESS = "subject_access", "Subject access export"
    CORRECT = "correct", "Corrected a record"
    ANONYMISE = "anonymise", "Anonymised (retention)"


class AccessEvent(models.Model):
    """Who looked at or changed which referrals, when, from where. One row per request."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "providers.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    # Ids, not foreign keys: the trail outlives any row and a list page is still one INSERT.
    referral_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)
    what = models.CharField(max_length=200, blank=True, help_text="The page, API endpoint or export")
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            GinIndex(fields=["referral_ids"], name="access_event_referrals"),
            models.Index(fields=["user", "-at"], name="access_event_user"),
        ]
        triggers = [APPEND_ONLY]

    def __str__(self) -> str:
        return f"{self.user} {self.action} {self.referral_ids} at {self.at:%Y-%m-%d %H:%M}"


class Correction(models.Model):
    """A correction of a person's detail: recorded, never overwritten. Shown on the record's timeline."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="corrections")
    field = models.CharField(max_length=60)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        triggers = [APPEND_ONLY]

    def __str__(self) -> str:
        return f"{self.referral}: {self.field} corrected"


class Anonymisation(models.Model):
    """A referral anonymised at the end of its retention period: the sweep's record, so it runs once."""

    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="anonymisation")
    at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.referral} anonymised {self.at:%Y-%m-%d}"


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
    )(model)


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
}
for _model, _name in TRACKED.items():
    _track(_model, _name)
